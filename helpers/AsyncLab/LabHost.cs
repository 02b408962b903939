namespace AsyncLab;

/// <summary>
/// The one place where a host plugs into the lab: a notebook kernel, a console program, a test. A host decides how
/// <see cref="Lab.Show"/> displays a value and which token stops the lab's waits (a notebook cell's stop button).
/// Derive from it and install it with <see cref="Install"/>; there is no other hook.
/// </summary>
/// <remarks>
/// <para>Until a host is installed, <see cref="Default"/> is in use: it writes a timeline's summary line and its
/// warnings, and any other value as text, to standard output, and never asks the lab to stop.</para>
/// <para>The notebook integration (<c>AsyncLab.Interactive.Notebook.Attach()</c>) installs a host that displays values
/// in the cell's output and stops with the cell. AsyncLab.Charts has <c>ConsoleChartHost</c>, which also saves each
/// timeline's chart as an HTML file; the lessons' generated C# apps install it in their first line.</para>
/// </remarks>
/// <example>
/// <code>
/// using (LabHost.Install(new MyHost()))
/// {
///     Lab.Show(timeline);   // MyHost.Show displays it
/// }                         // the host that was there before is back
/// </code>
/// </example>
public abstract class LabHost
{
    private static readonly Lock Gate = new();
    private static readonly List<Installation> Installed = [];
    private static LabHost _current = ConsoleHost.Instance;

    /// <summary>
    /// The host the lab starts with: standard output, no stop signal. A timeline prints its summary line and then
    /// each of its warnings as <c>warning: …</c>; <see langword="null"/> prints <c>(null)</c>; anything else prints its
    /// <see cref="object.ToString"/>.
    /// </summary>
    public static LabHost Default => ConsoleHost.Instance;

    /// <summary>The host in use: the one installed last and not yet disposed, or <see cref="Default"/>.</summary>
    public static LabHost Current => Volatile.Read(ref _current);

    /// <summary>
    /// Makes <paramref name="host"/> the host of every lab in this process until the result is disposed. Disposing
    /// takes it out again and the host installed before it is back, as with nested <c>using</c> blocks; disposed out of
    /// order, it still leaves the newest remaining host in use.
    /// </summary>
    /// <param name="host">The host to use.</param>
    /// <returns>Dispose it to take the host out; a host meant to stay for the whole process can ignore it.</returns>
    public static IDisposable Install(LabHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var installation = new Installation(host);
        lock (Gate)
        {
            Installed.Add(installation);
            Volatile.Write(ref _current, host);
        }
        return installation;
    }

    /// <summary>Displays <paramref name="value"/> the host's way; <see cref="Lab.Show"/> calls it.</summary>
    /// <param name="value">Any value: a <see cref="Timeline"/>, a verdict, text, or <see langword="null"/>.</param>
    public abstract void Show(object? value);

    /// <summary>
    /// Canceled when the host asks the lab to stop (a notebook cell's stop button). The lab reads it at each wait, so a
    /// host may return a different token for each cell. <see cref="CancellationToken.None"/> unless a host overrides it.
    /// </summary>
    public virtual CancellationToken Stopping => CancellationToken.None;

    /// <summary>One call of <see cref="Install"/>; disposing it takes that host out, once.</summary>
    private sealed class Installation(LabHost host) : IDisposable
    {
        public LabHost Host { get; } = host;

        public void Dispose()
        {
            lock (Gate)
            {
                if (Installed.Remove(this))
                {
                    Volatile.Write(ref _current, Installed.Count == 0 ? ConsoleHost.Instance : Installed[^1].Host);
                }
            }
        }
    }
}
