using Yarp.ReverseProxy.Forwarder;

namespace Frontier.Gateway.Tests;

/// <summary>How YARP's result and the state of the exchange map to an attempt's outcome (which the retry policy and
/// outlier detection act on).</summary>
public sealed class ForwardingAttemptTests
{
    [Theory]
    [InlineData(ForwarderError.None, false, true, false, AttemptOutcome.Answered)]
    [InlineData(ForwarderError.None, true, false, false, AttemptOutcome.Discarded5xx)]
    [InlineData(ForwarderError.Request, false, false, false, AttemptOutcome.ConnectFailure)]
    [InlineData(ForwarderError.RequestTimedOut, false, false, false, AttemptOutcome.ConnectFailure)]
    [InlineData(ForwarderError.RequestBodyDestination, false, false, false, AttemptOutcome.ConnectFailure)]
    [InlineData(ForwarderError.ResponseBodyDestination, false, true, false, AttemptOutcome.BackendBroke)]
    [InlineData(ForwarderError.Request, false, true, false, AttemptOutcome.BackendBroke)]
    [InlineData(ForwarderError.Request, false, false, true, AttemptOutcome.ClientGone)]
    [InlineData(ForwarderError.ResponseBodyClient, false, true, false, AttemptOutcome.ClientGone)]
    [InlineData(ForwarderError.RequestCanceled, false, false, false, AttemptOutcome.ClientGone)]
    [InlineData(ForwarderError.None, false, true, true, AttemptOutcome.ClientGone)]
    public void Each_ending_has_one_outcome(ForwarderError error, bool discarded, bool responseStarted, bool clientGone, AttemptOutcome expected) =>
        Assert.Equal(expected, ForwardingAttempt.Classify(error, discarded, responseStarted, clientGone));
}
