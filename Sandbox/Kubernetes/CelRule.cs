using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// The subset of CEL that CRD field-presence rules use: disjunctions of conjunctions of
/// <c>has(self.field)</c> and <c>!has(self.field)</c>. The emulator refuses a CRD whose rules
/// go beyond it, rather than silently not enforcing them.
/// </summary>
internal static partial class CelRule
{
    public static bool IsSupported(string rule) =>
        rule.Split("||").SelectMany(d => d.Split("&&")).All(term => Presence().IsMatch(term.Trim()));

    public static bool Holds(string rule, JsonObject self) =>
        rule.Split("||").Any(disjunct => disjunct.Split("&&").All(term => TermHolds(term.Trim(), self)));

    private static bool TermHolds(string term, JsonObject self)
    {
        var match = Presence().Match(term);
        var present = self[match.Groups["field"].Value] is not null;
        return match.Groups["not"].Success ? !present : present;
    }

    [GeneratedRegex(@"^(?<not>!)?\s*has\(self\.(?<field>[A-Za-z_][A-Za-z0-9_]*)\)$")]
    private static partial Regex Presence();
}
