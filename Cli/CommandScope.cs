using System.CommandLine;
using AwsMultiEni.Cli.Output;
using AwsMultiEni.Client.Fleet;
using AwsMultiEni.Client.Hosting;

namespace AwsMultiEni.Cli;

/// <summary>
/// What one command's action works with: its parsed line, the printer, a writer for progress (standard error, so
/// that standard output stays the result), and the fleet, connected on first use so a usage error costs no connection
/// and commands that need no fleet (<c>iam</c>) need no gateway.
/// </summary>
internal sealed class CommandScope(ParseResult parsed, Printer printer, TextWriter progress, Func<FleetClientOptions> options, string? tlsDirectory, bool verbose, CancellationToken cancellationToken)
    : IAsyncDisposable
{
    private FleetSession? _session;

    public ParseResult Parsed => parsed;

    public Printer Printer => printer;

    public TextWriter Progress => progress;

    public CancellationToken CancellationToken => cancellationToken;

    public async Task<FleetClient> FleetAsync() => (_session ??= await FleetSession.ConnectAsync(options(), tlsDirectory, verbose, cancellationToken)).Fleet;

    public T Value<T>(Argument<T> argument) => parsed.GetValue(argument)!;

    public T? Value<T>(Option<T> option) => parsed.GetValue(option);

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }
}
