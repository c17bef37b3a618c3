using AwsMultiEni.Tests.Infrastructure;
using AwsMultiEni.Tests.Infrastructure.Leaks;

[assembly: CaptureConsole]
[assembly: AssemblyFixture(typeof(SharedMotoServer))]
[assembly: TestCollectionOrderer(typeof(SuiteEndLast))]
