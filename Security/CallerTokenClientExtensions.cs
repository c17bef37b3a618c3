using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace AwsMultiEni.Security;

/// <summary>Makes an Orleans client of the fleet prove who it is with the token in <see cref="TokenFileKey"/>.</summary>
public static class CallerTokenClientExtensions
{
    /// <summary>The configuration key naming the token file: <c>Security__TokenFile</c> in the environment.</summary>
    public const string TokenFileKey = "Security:TokenFile";

    /// <summary>Sends the token in <paramref name="tokenFile"/> with every grain call; does nothing when it is null or empty.</summary>
    public static IClientBuilder UseCallerToken(this IClientBuilder client, string? tokenFile)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!string.IsNullOrWhiteSpace(tokenFile))
        {
            client.Services.AddSingleton(new TokenFile(tokenFile));
            client.AddOutgoingGrainCallFilter<CallerTokenFilter>();
        }

        return client;
    }

    /// <summary>Sends the token in the file <see cref="TokenFileKey"/> names, when it names one.</summary>
    public static IClientBuilder UseCallerToken(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return client.UseCallerToken(configuration[TokenFileKey]);
    }
}
