using System.Collections.Concurrent;
using System.Diagnostics;

namespace Frontier.Runtime.Tests;

/// <summary>
/// Sits in a client's HTTP pipeline and records every request that leaves for the API server, with the time it left
/// on a clock shared with the test. A request whose cancellation token is already cancelled never leaves (it fails
/// here as it would in the socket handler), so a recorded request is one the caller still meant to send. With
/// <see cref="HangLeases"/>, Lease requests hang until cancelled: the leader cannot renew, everything else works.
/// </summary>
public sealed class RequestLog(Stopwatch clock) : DelegatingHandler
{
    private readonly ConcurrentQueue<SentRequest> _sent = new();
    private volatile bool _hangLeases;

    /// <summary>While true, Lease requests hang until their caller gives up.</summary>
    public bool HangLeases
    {
        get => _hangLeases;
        set => _hangLeases = value;
    }

    /// <summary>Every request that left so far, in order.</summary>
    public IReadOnlyList<SentRequest> Requests => [.. _sent];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The time is taken before the token is checked: a request recorded at time T had a live token after T.
        var at = clock.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        var sent = new SentRequest(request.Method.Method, request.RequestUri?.AbsolutePath ?? string.Empty, at);
        _sent.Enqueue(sent);
        if (_hangLeases && sent.IsLease)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
