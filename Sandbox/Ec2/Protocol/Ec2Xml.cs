using System.Globalization;
using System.Xml.Linq;

namespace AwsMultiEni.Sandbox.Ec2.Protocol;

/// <summary>EC2 Query XML: responses in the 2016-11-15 namespace, lists as <c>&lt;item&gt;</c>, EC2's error envelope.</summary>
internal static class Ec2Xml
{
    public static readonly XNamespace Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    public static XElement Response(string action, string requestId, IEnumerable<object> content) =>
        new(Ns + $"{action}Response", new XElement(Ns + "requestId", requestId), content);

    /// <summary>An element; null content is left out, as EC2 leaves out absent members.</summary>
    public static XElement E(string name, params object?[] content) =>
        new(Ns + name, content.Where(part => part is not null).Select(Format));

    public static XElement Set(string name, IEnumerable<IEnumerable<object?>> items) =>
        new(Ns + name, items.Select(item => E("item", [.. item])));

    public static XElement TagSet(IReadOnlyDictionary<string, string> tags) =>
        Set("tagSet", tags.Select(tag => new object?[] { E("key", tag.Key), E("value", tag.Value) }));

    public static XElement Return(bool value = true) => E("return", value);

    public static XElement Error(string code, string message, string requestId) =>
        new("Response",
            new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))),
            new XElement("RequestID", requestId));

    private static object Format(object? part) => part switch
    {
        bool flag => flag ? "true" : "false",
        DateTime time => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => part!,
    };
}
