using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Security.Tls;

/// <summary>
/// The certificate and CA bundle of the TLS directory as they are now. A Kubernetes Secret volume rotates by
/// swapping its <c>..data</c> symlink, which a directory watch usually sees; a periodic re-read catches what it
/// misses. Files that cannot be read keep the previous certificate, so a half-written rotation never breaks the
/// process; each new connection then takes <see cref="Current"/>.
/// </summary>
public sealed partial class TlsCertificateSource : IDisposable
{
    /// <summary>How often the files are read again whatever the watch reported.</summary>
    public static readonly TimeSpan DefaultRecheckInterval = TimeSpan.FromSeconds(30);

    private readonly string _directory;
    private readonly ILogger<TlsCertificateSource> _logger;
    private readonly Lock _reading = new();
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _recheck;
    private volatile TlsFiles _current;

    public TlsCertificateSource(string directory, ILogger<TlsCertificateSource> logger)
        : this(directory, logger, DefaultRecheckInterval)
    {
    }

    internal TlsCertificateSource(string directory, ILogger<TlsCertificateSource> logger, TimeSpan recheckInterval)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(logger);
        _directory = directory;
        _logger = logger;
        try
        {
            _current = TlsFiles.Read(directory);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidOperationException($"{TlsSettings.DirectoryKey} '{directory}' does not hold a usable certificate: {ex.Message}", ex);
        }

        LogLoaded(_directory, _current.Certificate.Subject, _current.Certificate.Thumbprint, _current.Certificate.NotAfter, _current.Authorities.Count);
        _watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false };
        _watcher.Changed += (_, _) => Reload();
        _watcher.Created += (_, _) => Reload();
        _watcher.Deleted += (_, _) => Reload();
        _watcher.Renamed += (_, _) => Reload();
        _watcher.EnableRaisingEvents = true;
        _recheck = new Timer(_ => Reload(), null, recheckInterval, recheckInterval);
    }

    /// <summary>What the directory held at the last successful reading.</summary>
    public TlsFiles Current => _current;

    /// <summary>
    /// Whether a peer's certificate chains to a CA of the current bundle, with the intermediates the peer sent. The
    /// machine's trust store plays no part, and neither does the host name: peers dial each other by pod IP.
    /// </summary>
    public bool IsTrusted(X509Certificate2 certificate, X509Chain? presented)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(_current.Authorities);
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }

        if (chain.Build(certificate))
        {
            return true;
        }

        LogRefused(certificate.Subject, certificate.Thumbprint, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())));
        return false;
    }

    /// <summary>Reads the directory again and takes what it holds if it changed and is usable.</summary>
    internal void Reload()
    {
        lock (_reading)
        {
            TlsFiles read;
            try
            {
                read = TlsFiles.Read(_directory);
            }
            catch (InvalidDataException ex)
            {
                LogUnreadable(_directory, _current.Certificate.Thumbprint, ex.Message);
                return;
            }

            if (read.Version == _current.Version)
            {
                read.Certificate.Dispose();
                return;
            }

            _current = read;
            LogLoaded(_directory, read.Certificate.Subject, read.Certificate.Thumbprint, read.Certificate.NotAfter, read.Authorities.Count);
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _recheck.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS certificate from {Directory} in use: {Subject} ({Thumbprint}), valid until {NotAfter:u}, peers trusted from {Authorities} CA certificate(s)")]
    private partial void LogLoaded(string directory, string subject, string thumbprint, DateTime notAfter, int authorities);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS files in {Directory} cannot be used, keeping certificate {Thumbprint}: {Error}")]
    private partial void LogUnreadable(string directory, string thumbprint, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a TLS peer whose certificate {Subject} ({Thumbprint}) does not chain to the trusted CAs: {Reason}")]
    private partial void LogRefused(string subject, string thumbprint, string reason);
}
