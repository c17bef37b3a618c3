namespace AwsMultiEni.Client.Connection;

/// <summary>Waits between attempts to reach the silo gateways: 1 s, doubling, at most 30 s.</summary>
public static class ConnectBackoff
{
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    public static TimeSpan After(int failures) =>
        failures <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Longest.TotalSeconds, Math.Pow(2, Math.Min(failures, 6) - 1)));
}
