namespace AwsMultiEni.Silo.Aws;

/// <summary>Gateways per region (clusters name their region); all gateways of a region share its request budget.</summary>
public interface IEc2GatewayFactory
{
    IEc2Gateway ForRegion(string region);
}
