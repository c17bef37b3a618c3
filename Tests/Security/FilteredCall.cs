using System.Reflection;
using Orleans.Runtime;
using Orleans.Serialization.Invocation;

namespace AwsMultiEni.Tests.Security;

/// <summary>
/// A grain call as a silo's filters see it, leaving (outgoing) or arriving (incoming) with whatever sender the test
/// names: what a client that writes its own messages can put on the wire. <see cref="Invoked"/> tells whether the
/// filter let it through, <see cref="SentProof"/> what proof it carried on.
/// </summary>
internal sealed class FilteredCall(GrainId? source, GrainId target, MethodInfo method) : IIncomingGrainCallContext, IOutgoingGrainCallContext
{
    public bool Invoked { get; private set; }

    public IInvokable Request => throw new NotSupportedException("The role filter decides from the method, not the request.");

    public object Grain => throw new NotSupportedException("The role filter never reads the grain.");

    public GrainId? SourceId => source;

    public GrainId TargetId => target;

    public GrainInterfaceType InterfaceType => GrainInterfaceType.Create(InterfaceName);

    public string InterfaceName => method.DeclaringType!.FullName!;

    public string MethodName => method.Name;

    public MethodInfo InterfaceMethod => method;

    public object? Result { get; set; }

    public Response? Response { get; set; }

    public IGrainContext TargetContext => throw new NotSupportedException("The role filter never reads the activation.");

    public MethodInfo ImplementationMethod => method;

    public IGrainContext? SourceContext => null;

    public object? SentProof { get; private set; }

    public Task Invoke()
    {
        Invoked = true;
        SentProof = RequestContext.Get(AwsMultiEni.Silo.Security.SiloCallProof.RequestContextKey);
        return Task.CompletedTask;
    }
}
