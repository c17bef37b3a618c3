namespace AwsMultiEni.Cli;

/// <summary>What the process exit code means, for scripts.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The fleet said no: not found, refused, or no silo answered.</summary>
    public const int FleetSaidNo = 1;

    /// <summary>The command line is wrong: an unknown option, a missing value, an unreadable file.</summary>
    public const int Usage = 2;
}
