namespace AwsMultiEni.Agent.State;

public enum BindingPhase
{
    /// <summary>Bind started; the device may be on its kernel driver, on no driver, or already bound.</summary>
    Binding,

    /// <summary>Bind verified: the device's driver link names the wanted driver.</summary>
    Bound,

    /// <summary>Handing the device back to its kernel driver started.</summary>
    Releasing,
}
