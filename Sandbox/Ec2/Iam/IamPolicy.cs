using System.Text.Json;

namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>One condition test: <c>"StringEquals": {"aws:RequestTag/K": ["v"]}</c> is operator, key and values.</summary>
internal sealed record IamCondition(string Operator, string Key, IReadOnlyList<string> Values);

/// <summary>
/// One statement, in the subset the emulator evaluates. An identity-based policy's statements name resources; a role's
/// trust policy's name principals (<c>"Principal": {"AWS": …}</c>) and apply to the role itself.
/// </summary>
internal sealed record IamStatement(bool Allow, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, IReadOnlyList<IamCondition> Conditions, IReadOnlyList<string>? Principals = null);

/// <summary>
/// An IAM policy document: an identity-based policy's statements with <c>Effect</c>, <c>Action</c>, <c>Resource</c> and
/// <c>Condition</c>, or a trust policy's with <c>Principal</c> instead of <c>Resource</c>. Elements the emulator does not
/// evaluate (<c>NotAction</c>, <c>NotResource</c>, <c>NotPrincipal</c>, an unknown condition operator or principal type)
/// are refused when the document is read, so a policy is never judged by rules it does not contain.
/// </summary>
internal sealed record IamPolicy(IReadOnlyList<IamStatement> Statements)
{
    public static IamPolicy Parse(string json) => Parse(json, trust: false);

    /// <summary>A role's trust policy: who may assume it, under which conditions.</summary>
    public static IamPolicy ParseTrust(string json) => Parse(json, trust: true);

    private static IamPolicy Parse(string json, bool trust)
    {
        using var document = JsonDocument.Parse(json);
        var statements = document.RootElement.GetProperty("Statement");
        return new IamPolicy(statements.ValueKind == JsonValueKind.Array ? [.. statements.EnumerateArray().Select(s => Statement(s, trust))] : [Statement(statements, trust)]);
    }

    private static IamStatement Statement(JsonElement statement, bool trust)
    {
        var target = trust ? "Principal" : "Resource";
        foreach (var property in statement.EnumerateObject())
        {
            if (property.Name is not ("Sid" or "Effect" or "Action" or "Condition") && property.Name != target)
            {
                throw new FormatException($"Policy element '{property.Name}' is not evaluated by the emulator in {(trust ? "a trust" : "an identity-based")} policy.");
            }
        }

        var effect = statement.GetProperty("Effect").GetString();
        if (effect is not ("Allow" or "Deny"))
        {
            throw new FormatException($"Effect '{effect}' must be Allow or Deny.");
        }

        var conditions = statement.TryGetProperty("Condition", out var block)
            ? block.EnumerateObject().SelectMany(op => op.Value.EnumerateObject().Select(key => new IamCondition(Operator(op.Name), key.Name, Strings(key.Value)))).ToList()
            : [];
        var actions = Strings(statement.GetProperty("Action"));
        return trust
            ? new IamStatement(effect == "Allow", actions, ["*"], conditions, Principals(statement.GetProperty("Principal")))
            : new IamStatement(effect == "Allow", actions, Strings(statement.GetProperty("Resource")), conditions);
    }

    /// <summary><c>"*"</c> or <c>{"AWS": ARN or [ARN, …]}</c>; other principal types (services, federated) are not evaluated.</summary>
    private static IReadOnlyList<string> Principals(JsonElement principal)
    {
        if (principal.ValueKind == JsonValueKind.String)
        {
            return Strings(principal);
        }

        foreach (var type in principal.EnumerateObject())
        {
            if (type.Name != "AWS")
            {
                throw new FormatException($"Principal type '{type.Name}' is not evaluated by the emulator.");
            }
        }

        return Strings(principal.GetProperty("AWS"));
    }

    private static string Operator(string name) =>
        IamConditionOperators.All.Contains(name) ? name : throw new FormatException($"Condition operator '{name}' is not evaluated by the emulator.");

    private static IReadOnlyList<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => [.. element.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText())],
        JsonValueKind.True or JsonValueKind.False => [element.GetRawText()],
        _ => throw new FormatException($"Expected a string or a list of strings, not {element.ValueKind}."),
    };
}
