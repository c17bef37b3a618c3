using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AwsMultiEni.Ipam;

/// <summary>
/// An exclusive flock(2) on the interface's <c>lock</c> file, held around every read-modify-write of its store; the
/// agent takes the same lock to read allocations. The kernel drops it when the process dies, so a crash never wedges it.
/// </summary>
internal sealed partial class StoreLock : IDisposable
{
    private const int LockExclusive = 2;
    private const int Interrupted = 4;

    private readonly SafeFileHandle _handle;

    private StoreLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>Blocks until the lock is held.</summary>
    public static StoreLock Acquire(string path)
    {
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            while (Flock(handle, LockExclusive) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Interrupted)
                {
                    throw new IOException($"flock {path} failed: errno {errno}");
                }
            }

            return new StoreLock(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose() => _handle.Dispose();

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle fd, int operation);
}
