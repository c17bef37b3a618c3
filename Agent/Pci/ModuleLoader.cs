using System.ComponentModel;
using System.Diagnostics;

namespace AwsMultiEni.Agent.Pci;

/// <summary>Loads a kernel module by running modprobe; a failure to run it or a non-zero exit is a <see cref="PciBindingException"/> with modprobe's own words.</summary>
public sealed class ModuleLoader(string modprobe)
{
    /// <summary>modprobe resolves dependencies and loads a few modules in well under a second; longer means it hangs.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public async Task LoadAsync(string module, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(modprobe)
        {
            ArgumentList = { module },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new PciBindingException($"{modprobe} {module} did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new PciBindingException($"{modprobe} {module} could not run: {ex.Message}.");
        }

        using (process)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Deadline);
            var errors = process.StandardError.ReadToEndAsync(deadline.Token);
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new PciBindingException($"{modprobe} {module} did not finish within {Deadline.TotalSeconds:0} s.");
            }

            var said = $"{await errors}{await output}".Trim();
            if (process.ExitCode != 0)
            {
                throw new PciBindingException($"{modprobe} {module} failed (exit code {process.ExitCode}){(said.Length > 0 ? $": {said}" : string.Empty)}.");
            }
        }
    }
}
