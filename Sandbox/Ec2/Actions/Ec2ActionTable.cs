using AwsMultiEni.Sandbox.Ec2.Protocol;
using AwsMultiEni.Sandbox.Ec2.World;

namespace AwsMultiEni.Sandbox.Ec2.Actions;

/// <summary>One EC2 action: reads the request, changes or reads the world, returns the response body.</summary>
internal delegate IEnumerable<object> Ec2Action(Ec2World world, Ec2QueryRequest request);

/// <summary>Every action the emulator speaks, by name.</summary>
internal static class Ec2ActionTable
{
    public static IReadOnlyDictionary<string, Ec2Action> All { get; } = new[]
    {
        VpcActions.Actions, SecurityGroupActions.Actions, TagActions.Actions, InstanceActions.Actions,
        InstanceTypeActions.Actions, NetworkInterfaceActions.Actions, AttachmentActions.Actions, AddressActions.Actions,
    }.SelectMany(group => group).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
}
