namespace AwsMultiEni.Silo.Aws;

/// <summary>The answer of a detach or delete: a resource already gone is an answer, not a failure.</summary>
public enum Ec2Outcome
{
    Done,
    AlreadyGone,
}
