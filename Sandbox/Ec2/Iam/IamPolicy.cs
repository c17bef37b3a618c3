using System.Text.Json;

namespace AwsMultiEni.Sandbox.Ec2.Iam;

/// <summary>One condition test: <c>"StringEquals": {"aws:RequestTag/K": ["v"]}</c> is operator, key and values.</summary>
internal sealed record IamCondition(string Operator, string Key, IReadOnlyList<string> Values);

/// <summary>One statement of an identity-based policy, in the subset the emulator evaluates.</summary>
internal sealed record IamStatement(bool Allow, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, IReadOnlyList<IamCondition> Conditions);

/// <summary>
/// An identity-based IAM policy document: statements with <c>Effect</c>, <c>Action</c>, <c>Resource</c> and
/// <c>Condition</c>. Elements the emulator does not evaluate (<c>NotAction</c>, <c>NotResource</c>, an unknown condition
/// operator) are refused when the document is read, so a policy is never judged by rules it does not contain.
/// </summary>
internal sealed record IamPolicy(IReadOnlyList<IamStatement> Statements)
{
    public static IamPolicy Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var statements = document.RootElement.GetProperty("Statement");
        return new IamPolicy(statements.ValueKind == JsonValueKind.Array ? [.. statements.EnumerateArray().Select(Statement)] : [Statement(statements)]);
    }

    private static IamStatement Statement(JsonElement statement)
    {
        foreach (var property in statement.EnumerateObject())
        {
            if (property.Name is not ("Sid" or "Effect" or "Action" or "Resource" or "Condition"))
            {
                throw new FormatException($"Policy element '{property.Name}' is not evaluated by the emulator.");
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
        return new IamStatement(effect == "Allow", Strings(statement.GetProperty("Action")), Strings(statement.GetProperty("Resource")), conditions);
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
