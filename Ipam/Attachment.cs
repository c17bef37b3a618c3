using System.Buffers;

namespace AwsMultiEni.Ipam;

/// <summary>What the CNI spec identifies an attachment by: the container ID and the interface name inside it.</summary>
internal sealed record Attachment(string ContainerId, string IfName)
{
    private static readonly SearchValues<char> ContainerIdChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");

    /// <summary>The spec's form: alphanumeric first, then alphanumerics, '_', '.' or '-'.</summary>
    public static bool IsValidContainerId(string value) =>
        value.Length > 0 && char.IsAsciiLetterOrDigit(value[0]) && !value.AsSpan().ContainsAnyExcept(ContainerIdChars);

    /// <summary>A Linux interface name: at most 15 bytes, no '/', ':' or whitespace (it is a line of an allocation file).</summary>
    public static bool IsValidIfName(string value) =>
        value.Length is > 0 and <= 15 && value is not "." and not ".." && !value.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c));
}
