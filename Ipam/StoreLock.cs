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
    private const int ReadWrite = 0x2;
    private const int Create = 0x40;
    private const int CloseOnExec = 0x80000;
    private const int OwnerReadWrite = 0x180;
    private const int Interrupted = 4;

    private readonly SafeFileHandle _handle;

    private StoreLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>Blocks until the lock is held.</summary>
    public static StoreLock Acquire(string path)
    {
        // Opened with open(2) itself: .NET's File.OpenHandle takes its own non-blocking flock for FileShare, which
        // fails at once while another process holds the lock, in any process (the agent) that has not turned it off.
        var descriptor = Open(path, ReadWrite | Create | CloseOnExec, OwnerReadWrite);
        if (descriptor < 0)
        {
            throw new IOException($"open {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
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

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle fd, int operation);
}
