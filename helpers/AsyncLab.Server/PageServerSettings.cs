using System.Globalization;

namespace AsyncLab;

/// <summary>The checked settings of one <see cref="PageServer"/>.</summary>
internal sealed record PageServerSettings(
    int Limit, TimeSpan Latency, TimeSpan Jitter, double FailureRate, int RetryAfterSeconds, int Seed, int Port, string Name)
{
    public static PageServerSettings Checked(
        Lab lab, int limit, TimeSpan latency, TimeSpan jitter, double failureRate, int retryAfterSeconds, int seed, int port, string name)
    {
        if (lab.IsVirtualTime)
        {
            throw new ArgumentException(
                "This lab runs in virtual time, but a server answers over real sockets on the real clock. " +
                "Make the lab with new Lab(virtualTime: false) for lessons with a server.", nameof(lab));
        }
        if (limit < 1)
        {
            throw new ArgumentException(
                $"limit is {limit}: a server must take at least one request at a time, or it refuses them all. Pass limit: 1 or more.", nameof(limit));
        }
        if (latency < TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"latency is {Seconds(latency)}: a page cannot take negative time. Pass zero or more, for example TimeSpan.FromMilliseconds(50).", nameof(latency));
        }
        if (jitter < TimeSpan.Zero || jitter > latency)
        {
            throw new ArgumentException(
                $"jitter is {Seconds(jitter)} with latency {Seconds(latency)}: each page takes latency ± jitter, so jitter must be " +
                "between zero and the latency. Pass a smaller jitter or a larger latency.", nameof(jitter));
        }
        if (!(failureRate is >= 0 and <= 1))
        {
            throw new ArgumentException(
                $"failureRate is {failureRate.ToString(CultureInfo.InvariantCulture)}: it is the share of pages that fail. Pass a number from 0 to 1, such as 0.1.", nameof(failureRate));
        }
        if (retryAfterSeconds < 0)
        {
            throw new ArgumentException(
                $"retryAfterSeconds is {retryAfterSeconds}: Retry-After counts whole seconds from now. Pass 0 or more.", nameof(retryAfterSeconds));
        }
        if (port is < 0 or > 65535)
        {
            throw new ArgumentException($"port is {port}: ports go from 1 to 65535. Pass 0 to take a free port.", nameof(port));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(limit, latency, jitter, failureRate, retryAfterSeconds, seed, port, name);
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
