using System.Diagnostics;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;

namespace AwsMultiEni.Silo.Aws;

/// <summary>
/// Every EC2 call goes through here: take a budget token, send, classify the error by code, retry
/// throttling and 5xx with capped exponential backoff and full jitter, and record metrics.
/// </summary>
internal sealed partial class Ec2CallPipeline(Ec2RequestBudget budget, Ec2Metrics metrics, Ec2GatewayOptions options, TimeProvider time, ILogger logger)
{
    public async Task<T> SendAsync<T>(string action, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            metrics.WaitedForToken(action, await budget.WaitForTokenAsync(action, cancellationToken).ConfigureAwait(false));
            var started = Stopwatch.GetTimestamp();
            Ec2RequestException failure;
            try
            {
                var result = await call(cancellationToken).ConfigureAwait(false);
                metrics.Called(action, Stopwatch.GetElapsedTime(started));
                return result;
            }
            catch (Exception ex) when (AssumeRoleFailure(ex) is { } assume)
            {
                // The cluster's role could not be assumed: no EC2 call was made. Refused is for an operator to fix.
                failure = new Ec2RequestException(action, "AssumeRoleFailed", assume.Refused ? Ec2ErrorKind.Unauthorized : Ec2ErrorKind.Transient, assume.Message, attempt, ex);
            }
            catch (AmazonServiceException ex) when (ex.ErrorCode is not null || (int)ex.StatusCode != 0)
            {
                var code = ex.ErrorCode ?? $"Http{(int)ex.StatusCode}";
                failure = new Ec2RequestException(action, code, Ec2ErrorClassifier.Classify(ex.ErrorCode, (int)ex.StatusCode), ex.Message, attempt, ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or AmazonClientException or AmazonServiceException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failure = new Ec2RequestException(action, "NetworkError", Ec2ErrorKind.Transient, ex.Message, attempt, ex);
            }

            metrics.Called(action, Stopwatch.GetElapsedTime(started));
            metrics.Failed(action, failure.ErrorCode, failure.Kind);
            if (!Ec2ErrorClassifier.IsRetryable(failure.Kind) || attempt >= options.MaxAttempts)
            {
                if (failure.Kind != Ec2ErrorKind.NotFound)
                {
                    LogGaveUp(logger, action, failure.ErrorCode, attempt, failure.AwsMessage);
                }

                throw failure;
            }

            var delay = Backoff(attempt);
            LogRetrying(logger, action, failure.ErrorCode, attempt, delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static AssumeRoleFailedException? AssumeRoleFailure(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is AssumeRoleFailedException assume)
            {
                return assume;
            }
        }

        return null;
    }

    /// <summary>Full jitter: uniform in [0, min(cap, base·2^(attempt-1))], so retrying callers spread out.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(options.MaxRetryDelay.TotalMilliseconds, options.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "EC2 {Action} returned {ErrorCode} on attempt {Attempt}; retrying in {DelayMs:0} ms")]
    private static partial void LogRetrying(ILogger logger, string action, string errorCode, int attempt, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EC2 {Action} failed with {ErrorCode} after {Attempt} attempt(s): {AwsMessage}")]
    private static partial void LogGaveUp(ILogger logger, string action, string errorCode, int attempt, string awsMessage);
}
