using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Plotly.NET;

namespace AsyncLab.Charts;

/// <summary>
/// Writes a replay's HTML: the timeline's static picture and chart, controls, the line of what just happened, the
/// summary, the list of moments, the replay's data as JSON and the small script that moves the cursor.
/// </summary>
internal static class ReplayHtml
{
    /// <summary>Up to this many rows each row's state is written beside it; above, only counts are shown.</summary>
    public const int MaxRowsWithStates = 60;

    /// <summary>The list of moments under the chart names at most this many; the script still has them all.</summary>
    public const int MaxListedMoments = 300;

    /// <summary>Room on the right of the chart for the row states, in pixels.</summary>
    private const int StateMargin = 190;

    /// <summary>The colour of the square before a row's state, by <see cref="ReplayModel.StateKinds"/> index.</summary>
    private static readonly string[] StateColors =
        ["rgba(128,128,128,0.4)", Palette.Waiting, Palette.InProgress, "rgba(128,128,128,0.8)", Palette.Concurrency, Palette.Faulted, Palette.Canceled, Palette.Canceled];

    public static string Build(TimelineReplay replay, bool includePlotlyJs)
    {
        var timeline = replay.Timeline;
        var model = TimelineChartModel.Tasks(timeline, replay.Title, showQueue: true);
        var withStates = model.Rows.Count <= MaxRowsWithStates;
        var figure = JsonNode.Parse(GenericChart.toFigureJson(PlotlyFigure.Build(model)))!;
        if (withStates)
        {
            figure["layout"]!["margin"]!["r"] = StateMargin;
        }
        var end = model.End > 0 ? model.End : 1;

        var id = "asynclab-" + Guid.NewGuid().ToString("N")[..12];
        var html = new StringBuilder();
        html.Append($"<div class=\"{HtmlFragment.ContainerClass} asynclab-replay\" id=\"{id}\" style=\"max-width:1000px\">");
        html.Append($"<div class=\"asynclab-static\" id=\"{id}-0-static\">{SvgPicture.Render(model, "currentColor", includeFooter: false)}</div>");
        html.Append("<div class=\"asynclab-replay-stage\" style=\"position:relative\">");
        html.Append($"<div class=\"asynclab-plot\" id=\"{id}-0-plot\"></div>");
        html.Append("<div class=\"asynclab-replay-overlay\" style=\"position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;overflow:hidden\"></div>");
        html.Append("</div>");
        html.Append("<div class=\"asynclab-replay-controls\" style=\"display:none;align-items:center;gap:10px;font-family:system-ui,sans-serif;margin:2px 0 6px 0\">");
        html.Append("<button type=\"button\" class=\"asynclab-replay-play\" style=\"min-width:6em\">▶ play</button>");
        html.Append(string.Create(CultureInfo.InvariantCulture, $"<input type=\"range\" class=\"asynclab-replay-slider\" aria-label=\"time\" min=\"0\" max=\"{end:0.######}\" step=\"any\" value=\"0\" style=\"flex:1\">"));
        html.Append("<span class=\"asynclab-replay-clock\" style=\"font-family:monospace;white-space:nowrap\"></span>");
        html.Append("<select class=\"asynclab-replay-speed\" aria-label=\"speed\">");
        foreach (var (value, label) in new[] { ("0.25", "0.25×"), ("0.5", "0.5×"), ("1", "1×"), ("2", "2×"), ("4", "4×"), ("real", "real speed") })
        {
            html.Append($"<option value=\"{value}\"{(value == "1" ? " selected" : "")}>{label}</option>");
        }
        html.Append("</select></div>");
        html.Append("<div class=\"asynclab-replay-now\" style=\"font-family:monospace;min-height:1.3em\"></div>");
        html.Append("<div class=\"asynclab-replay-status\" style=\"font-family:monospace;opacity:0.75;min-height:1.3em\"></div>");
        html.Append($"<div class=\"asynclab-summary\" style=\"font-family:monospace;margin:4px 0 8px 0\">{Text.Escape(timeline.Summary)}</div>");
        foreach (var warning in timeline.Warnings)
        {
            html.Append($"<div class=\"asynclab-warning\" style=\"font-family:sans-serif;color:#D55E00;margin:0 0 8px 0\">⚠ {Text.Escape(warning)}</div>");
        }
        html.Append($"<details class=\"asynclab-replay-moments\" style=\"font-family:monospace;margin:0 0 8px 0\"><summary>what happened, moment by moment ({replay.Moments.Count} {(replay.Moments.Count == 1 ? "moment" : "moments")})</summary><ol style=\"margin:4px 0\">");
        foreach (var moment in replay.Moments.Take(MaxListedMoments))
        {
            html.Append($"<li>{Text.Escape(moment.ToString())}</li>");
        }
        html.Append("</ol>");
        if (replay.Moments.Count > MaxListedMoments)
        {
            html.Append($"<div>… and {replay.Moments.Count - MaxListedMoments} more (the replay steps through them all)</div>");
        }
        html.Append("</details>");
        if (includePlotlyJs)
        {
            html.Append(PlotlyJs.GuardedScript);
        }
        html.Append("<script>");
        html.Append(HtmlFragment.DrawScript($"{id}-0", figure.ToJsonString()));
        html.Append(Script(id, Data(replay, model, end, withStates)));
        html.Append("</script></div>");
        return html.ToString();
    }

    /// <summary>
    /// Everything the script looks up, as JSON: times in seconds, values as they are. Written with
    /// <see cref="Utf8JsonWriter"/>, not the reflection serializer, which file-based apps (the lessons as C# apps) turn off.
    /// </summary>
    private static string Data(TimelineReplay replay, RowChartModel model, double end, bool withStates)
    {
        var timeline = replay.Timeline;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            void Points(string name, IEnumerable<StepPoint> points)
            {
                json.WriteStartArray(name);
                foreach (var point in points)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(Math.Round(point.Time.TotalSeconds, 6));
                    json.WriteNumberValue(point.Value);
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            void Strings(string name, IEnumerable<string> values)
            {
                json.WriteStartArray(name);
                foreach (var value in values)
                {
                    json.WriteStringValue(value);
                }
                json.WriteEndArray();
            }

            json.WriteStartObject();
            json.WriteNumber("end", Math.Round(end, 6));
            json.WriteNumber("tasks", timeline.Tasks.Count);
            Strings("kinds", ReplayModel.StateKinds);
            Strings("colors", StateColors);
            if (withStates)
            {
                json.WriteStartArray("rows");
                foreach (var lane in timeline.Tasks.Select(t => t.Lane).Distinct(StringComparer.Ordinal))
                {
                    json.WriteStartArray();
                    foreach (var (time, kind, words) in replay.RowChanges(lane))
                    {
                        json.WriteStartArray();
                        json.WriteNumberValue(Math.Round(time.TotalSeconds, 6));
                        json.WriteNumberValue(kind);
                        json.WriteStringValue(words);
                        json.WriteEndArray();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }

            // The concurrency panel, then one entry per resource panel (its capacity line is a constant: left out).
            json.WriteStartArray("panels");
            var panels = new List<(string Axis, IReadOnlyList<(string Name, IReadOnlyList<StepPoint> Points)> Items)>
            {
                ("yaxis2", [("in progress", timeline.Concurrency)]),
            };
            for (var i = 0; i < model.Panels.Count; i++)
            {
                panels.Add(($"yaxis{i + 4}", [.. model.Panels[i].Steps.Where(s => s.Dash != StepDash.Dashed)
                    .Select(s => (System.Net.WebUtility.HtmlDecode(s.Name[(s.Name.IndexOf(": ", StringComparison.Ordinal) + 2)..]), s.Points))]));
            }
            foreach (var (axis, items) in panels)
            {
                json.WriteStartObject();
                json.WriteString("axis", axis);
                json.WriteStartArray("items");
                foreach (var (name, points) in items)
                {
                    json.WriteStartObject();
                    json.WriteString("name", name);
                    Points("points", points);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();

            var (waiting, ended) = ReplayModel.Counts(timeline);
            Points("waiting", waiting);
            Points("ended", ended);
            json.WriteStartArray("moments");
            foreach (var moment in replay.Moments)
            {
                json.WriteStartArray();
                json.WriteNumberValue(Math.Round(moment.Time.TotalSeconds, 6));
                json.WriteStringValue(moment.ToString());
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The script: once the chart is drawn it shows the controls and lays a cursor and labels over the chart. Moving the
    /// slider, or playing, only looks values up in the data (the last change at or before the cursor).
    /// </summary>
    private static string Script(string id, string json) => $$$"""
        (function(){var root=document.getElementById("{{{id}}}");var data={{{Text.ForScript(json)}}};
        var plot=document.getElementById("{{{id}}}-0-plot");var tries=0;
        function ready(){if(plot&&plot.getAttribute("data-asynclab-drawn")&&plot._fullLayout){start();}else if(++tries<1200){setTimeout(ready,50);}}
        function last(list,t){var lo=0,hi=list.length-1,found=-1;while(lo<=hi){var mid=(lo+hi)>>1;if(list[mid][0]<=t+1e-9){found=mid;lo=mid+1;}else{hi=mid-1;}}return found;}
        function valueAt(points,t){var i=last(points,t);return i<0?0:points[i][1];}
        function fmt(t){return t.toFixed(2)+" s";}
        function start(){
        var controls=root.querySelector(".asynclab-replay-controls"),overlay=root.querySelector(".asynclab-replay-overlay");
        var slider=root.querySelector(".asynclab-replay-slider"),button=root.querySelector(".asynclab-replay-play");
        var speed=root.querySelector(".asynclab-replay-speed"),clock=root.querySelector(".asynclab-replay-clock");
        var now=root.querySelector(".asynclab-replay-now"),status=root.querySelector(".asynclab-replay-status");
        controls.style.display="flex";
        var cursor=document.createElement("div");cursor.className="asynclab-replay-cursor";
        cursor.style.cssText="position:absolute;width:0;border-left:2px solid #D55E00;opacity:0.85";overlay.appendChild(cursor);
        var rowLabels=(data.rows||[]).map(function(_,i){var s=document.createElement("div");s.className="asynclab-replay-state";s.setAttribute("data-row",i);
        s.style.cssText="position:absolute;font:12px system-ui,sans-serif;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;transform:translateY(-50%)";overlay.appendChild(s);return s;});
        var panelLabels=data.panels.map(function(p){var s=document.createElement("div");s.className="asynclab-replay-value";s.setAttribute("data-axis",p.axis);
        s.style.cssText="position:absolute;font:12px monospace;white-space:nowrap;text-align:right";overlay.appendChild(s);return s;});
        var t=0,timer=null,lastTick=0;
        function place(){var fl=plot._fullLayout;if(!fl){return;}var xa=fl.xaxis,ya=fl.yaxis;var bottom=0;
        data.panels.forEach(function(p,i){var a=fl[p.axis];if(!a){return;}bottom=Math.max(bottom,a._offset+a._length);
        panelLabels[i].style.top=(a._offset-16)+"px";panelLabels[i].style.right=(fl.width-xa._offset-xa._length)+"px";});
        cursor.style.top=ya._offset+"px";cursor.style.height=(bottom-ya._offset)+"px";
        rowLabels.forEach(function(s,i){s.style.left=(xa._offset+xa._length+10)+"px";s.style.width=({{{StateMargin}}}-16)+"px";s.style.top=(ya._offset+ya.l2p(i))+"px";});
        show(t);}
        function show(time){t=Math.max(0,Math.min(data.end,time));var fl=plot._fullLayout,xa=fl.xaxis;
        var x=xa.l2p(t);cursor.style.display=x<0||x>xa._length?"none":"block";cursor.style.left=(xa._offset+x-1)+"px";
        if(Number(slider.value)!==t){slider.value=String(t);}clock.textContent=fmt(t)+" / "+fmt(data.end);
        root.setAttribute("data-asynclab-time",t.toFixed(3));
        (data.rows||[]).forEach(function(changes,i){var c=changes[Math.max(0,last(changes,t))];var s=rowLabels[i];
        if(s.getAttribute("data-kind")!==String(c[1])||s.textContent.slice(2)!==c[2]){s.setAttribute("data-kind",c[1]);s.textContent="";
        var box=document.createElement("span");box.textContent="■ ";box.style.color=data.colors[c[1]];s.appendChild(box);s.appendChild(document.createTextNode(c[2]));}});
        data.panels.forEach(function(p,i){panelLabels[i].textContent=p.items.map(function(it){return it.name+" "+valueAt(it.points,t);}).join(" · ");});
        var m=last(data.moments,t);now.textContent=m<0?"":data.moments[m][1];
        status.textContent=fmt(t)+" · "+valueAt(data.panels[0].items[0].points,t)+" in progress · "+valueAt(data.waiting,t)+" waiting · "+valueAt(data.ended,t)+" of "+data.tasks+" ended";}
        function pace(){return speed.value==="real"?1:data.end/8*Number(speed.value);}
        function stop(){if(timer){clearInterval(timer);timer=null;}button.textContent="▶ play";root.removeAttribute("data-asynclab-playing");}
        function play(){if(t>=data.end){show(0);}lastTick=performance.now();button.textContent="❚❚ pause";root.setAttribute("data-asynclab-playing","");
        timer=setInterval(function(){var tick=performance.now();show(t+(tick-lastTick)/1000*pace());lastTick=tick;if(t>=data.end){stop();}},40);}
        button.addEventListener("click",function(){if(timer){stop();}else{play();}});
        slider.addEventListener("input",function(){show(Number(slider.value));});
        plot.on("plotly_relayout",place);plot.on("plotly_afterplot",place);window.addEventListener("resize",function(){setTimeout(place,100);});
        place();}
        ready();})();
        """;
}
