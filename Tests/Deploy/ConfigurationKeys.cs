using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>A settings class bound from one configuration section, as a program reads it.</summary>
internal sealed record SettingsSection(string Section, Type Settings);

/// <summary>
/// Whether an environment variable is a key a program reads: it names a bindable property path of
/// one of the program's settings sections (the way the configuration binder walks it: properties
/// by name, ignoring case, list items by index, ending at a value converted from a string), or it
/// is one of the program's documented process-level variables.
/// </summary>
internal static class ConfigurationKeys
{
    public static bool IsRead(string variable, IReadOnlyCollection<SettingsSection> sections, IReadOnlyCollection<string> processVariables) =>
        processVariables.Contains(variable)
        || sections.Any(s => Binds(variable.Split("__"), s.Section.Split(ConfigurationPath.KeyDelimiter), s.Settings));

    public static IConfiguration Build(IReadOnlyDictionary<string, string> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)e.Value)))
            .Build();

    private static bool Binds(string[] segments, string[] section, Type settings)
    {
        if (segments.Length <= section.Length || !segments.Take(section.Length).SequenceEqual(section, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        var type = settings;
        foreach (var segment in segments.Skip(section.Length))
        {
            if (ItemType(type) is { } item)
            {
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return false;
                }

                type = item;
                continue;
            }

            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property?.SetMethod is not { IsPublic: true })
            {
                return false;
            }

            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return ItemType(type) is null && TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));
    }

    private static Type? ItemType(Type type) =>
        type == typeof(string)
            ? null
            : type.IsArray
                ? type.GetElementType()
                : type.GetInterfaces().Append(type)
                    .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                    ?.GetGenericArguments()[0];
}
