using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Frontier.Prometheus.Tests;

public sealed class PrometheusClientTests
{
    private const string Query = "sum(rate(frontier_gateway_requests_total{route=\"default/chat\"}[1m]))";
    private static readonly Uri Base = new("http://prometheus.test:9090/");

    private static string Vector(params string[] elements) =>
        $$$"""{"status":"success","data":{"resultType":"vector","result":[{{{string.Join(",", elements)}}}]}}""";

    private static string Element(string value, string labels = "") =>
        $$$"""{"metric":{{{{labels}}}},"value":[1700000000.5,"{{{value}}}"]}""";

    private static string Scalar(string value) =>
        $$$"""{"status":"success","data":{"resultType":"scalar","result":[1700000000.5,"{{{value}}}"]}}""";

    private static (PrometheusClient Client, StubHandler Handler) Make(StubHandler handler, TimeProvider? time = null) =>
        (new PrometheusClient(new HttpClient(handler), Base, time), handler);

    private static async Task<PrometheusQueryException> Fails(Func<Task> call, PrometheusQueryErrorKind kind, string query = Query)
    {
        var e = await Assert.ThrowsAsync<PrometheusQueryException>(call);
        Assert.Equal(kind, e.Kind);
        Assert.Equal(query, e.Query);
        Assert.Contains(query, e.Message, StringComparison.Ordinal);
        Assert.Contains(Base.ToString(), e.Message, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public async Task Vector_is_parsed_with_labels_values_and_timestamps()
    {
        var (client, handler) = Make(StubHandler.Json(Vector(
            Element("1.5", "\"__name__\":\"up\",\"job\":\"a\""),
            Element("2e3", "\"job\":\"b\\\"q\\\\\\n\""))));

        var samples = await client.QueryVectorAsync(Query, CancellationToken.None);

        Assert.Equal(2, samples.Count);
        Assert.Equal(1.5, samples[0].Value);
        Assert.Equal("up", samples[0].Labels["__name__"]);
        Assert.Equal("a", samples[0].Labels["job"]);
        Assert.Equal(2000, samples[1].Value);
        Assert.Equal("b\"q\\\n", samples[1].Labels["job"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), samples[0].Timestamp);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Request_is_GET_api_v1_query_with_the_escaped_query_and_timeout()
    {
        var handler = StubHandler.Json(Scalar("1"));
        var client = new PrometheusClient(new HttpClient(handler), new Uri("http://prom.test:9090/prefix")) { Timeout = TimeSpan.FromSeconds(2) };

        await client.QueryScalarAsync(Query, CancellationToken.None);

        var uri = Assert.Single(handler.Requests);
        Assert.Equal("/prefix/api/v1/query", uri.AbsolutePath);
        Assert.Equal(new Uri("http://prom.test:9090/prefix/"), client.BaseUrl);
        var parameters = uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal(Query, parameters["query"]);
        Assert.Equal("2000ms", parameters["timeout"]);
    }

    [Fact]
    public async Task Scalar_result_is_read_by_every_method()
    {
        var (client, _) = Make(StubHandler.Json(Scalar("42.25")));

        Assert.Equal(42.25, await client.QueryScalarAsync(Query, CancellationToken.None));
        Assert.Equal(42.25, await client.QueryOptionalScalarAsync(Query, CancellationToken.None));
        var sample = Assert.Single(await client.QueryVectorAsync(Query, CancellationToken.None));
        Assert.Empty(sample.Labels);
        Assert.Equal(42.25, sample.Value);
    }

    [Fact]
    public async Task Single_series_vector_is_a_scalar()
    {
        var (client, _) = Make(StubHandler.Json(Vector(Element("7"))));
        Assert.Equal(7, await client.QueryScalarAsync(Query, CancellationToken.None));
        Assert.Equal(7, await client.QueryOptionalScalarAsync(Query, CancellationToken.None));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("+Inf")]
    [InlineData("-Inf")]
    public async Task Non_finite_values_are_NotFinite_for_every_method(string value)
    {
        var (vectorClient, _) = Make(StubHandler.Json(Vector(Element("1", "\"pod\":\"ok\""), Element(value, "\"pod\":\"bad\""))));
        var e = await Fails(() => vectorClient.QueryVectorAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.NotFinite);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
        Assert.Contains("pod=\"bad\"", e.Message, StringComparison.Ordinal);

        var (client, _) = Make(StubHandler.Json(Scalar(value)));
        await Fails(() => client.QueryScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.NotFinite);
        await Fails(() => client.QueryOptionalScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.NotFinite);

        var (single, _) = Make(StubHandler.Json(Vector(Element(value))));
        await Fails(() => single.QueryScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.NotFinite);
    }

    [Fact]
    public async Task Empty_result_is_Empty_for_scalar_null_for_optional_and_an_empty_list_for_vector()
    {
        var (client, _) = Make(StubHandler.Json(Vector()));

        var e = await Fails(() => client.QueryScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.Empty);
        Assert.Contains("QueryOptionalScalarAsync", e.Message, StringComparison.Ordinal);
        Assert.Null(await client.QueryOptionalScalarAsync(Query, CancellationToken.None));
        Assert.Empty(await client.QueryVectorAsync(Query, CancellationToken.None));
    }

    [Fact]
    public async Task Two_series_are_MultipleSeries_for_scalar_and_optional()
    {
        var (client, _) = Make(StubHandler.Json(Vector(Element("1", "\"gpu\":\"0\""), Element("NaN", "\"gpu\":\"1\""))));

        var e = await Fails(() => client.QueryScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.MultipleSeries);
        Assert.Contains("returned 2 series", e.Message, StringComparison.Ordinal);
        Assert.Contains("gpu=\"0\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("gpu=\"1\"", e.Message, StringComparison.Ordinal);
        await Fails(() => client.QueryOptionalScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.MultipleSeries);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "bad_data", "1:5: parse error: unclosed left parenthesis")]
    [InlineData((HttpStatusCode)422, "execution", "found duplicate series for the match group")]
    [InlineData(HttpStatusCode.OK, "internal", "something broke")]
    public async Task Status_error_json_is_QueryError_with_the_error_type(HttpStatusCode status, string errorType, string error)
    {
        var (client, _) = Make(StubHandler.Json($$"""{"status":"error","errorType":"{{errorType}}","error":"{{error}}"}""", status));

        var e = await Fails(() => client.QueryScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.QueryError);
        Assert.Equal(errorType, e.ErrorType);
        Assert.Equal((int)status, e.StatusCode);
        Assert.Contains(error, e.Message, StringComparison.Ordinal);
        await Fails(() => client.QueryOptionalScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.QueryError);
        await Fails(() => client.QueryVectorAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.QueryError);
    }

    [Fact]
    public async Task Prometheus_query_timeout_error_is_Timeout()
    {
        var (client, _) = Make(StubHandler.Json("""{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}""", HttpStatusCode.ServiceUnavailable));
        var e = await Fails(() => client.QueryScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.Timeout);
        Assert.Equal("timeout", e.ErrorType);
        Assert.Equal(503, e.StatusCode);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "internal failure", "health")]
    [InlineData(HttpStatusCode.NotFound, "404 page not found", "server root")]
    [InlineData(HttpStatusCode.Forbidden, "denied", "authentication")]
    [InlineData(HttpStatusCode.BadGateway, "", "(empty body)")]
    public async Task Non_2xx_without_an_api_error_body_is_HttpStatus(HttpStatusCode status, string body, string hint)
    {
        var (client, _) = Make(StubHandler.Text(body, status));
        var e = await Fails(() => client.QueryScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.HttpStatus);
        Assert.Equal((int)status, e.StatusCode);
        Assert.Contains($"HTTP {(int)status}", e.Message, StringComparison.Ordinal);
        Assert.Contains(body, e.Message, StringComparison.Ordinal);
        Assert.Contains(hint, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_2xx_with_a_success_body_is_still_HttpStatus()
    {
        var (client, _) = Make(StubHandler.Json(Scalar("1"), HttpStatusCode.InternalServerError));
        await Fails(() => client.QueryScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.HttpStatus);
    }

    [Theory]
    [InlineData("<html>Grafana</html>")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"status":"success"}""")]
    [InlineData("""{"status":"success","data":{"result":[]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector"}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":{}}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{}}]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":["1","2"]}]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"two"]}]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"2"]}]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"scalar","result":[1]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"surprise","result":[]}}""")]
    public async Task Malformed_success_answers_are_BadResponse(string body)
    {
        var (client, _) = Make(StubHandler.Json(body));
        var e = await Fails(() => client.QueryScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.BadResponse);
        Assert.Equal(200, e.StatusCode);
        Assert.Contains("/api/v1/query", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("matrix", "rate(")]
    [InlineData("string", "number")]
    public async Task Matrix_and_string_results_are_QueryError(string type, string hint)
    {
        var (client, _) = Make(StubHandler.Json($$$"""{"status":"success","data":{"resultType":"{{{type}}}","result":[]}}"""));
        var e = await Fails(() => client.QueryVectorAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.QueryError);
        Assert.Contains(hint, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Native_histogram_sample_is_QueryError()
    {
        var (client, _) = Make(StubHandler.Json(
            """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"histogram":[1,{"count":"1","sum":"1"}]}]}}"""));
        var e = await Fails(() => client.QueryScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.QueryError);
        Assert.Contains("histogram_quantile", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_refused_is_Unreachable()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (prometheus.test:9090)", new SocketException((int)SocketError.ConnectionRefused));
        var (client, _) = Make(StubHandler.Throws(refused));

        var e = await Fails(() => client.QueryScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.Unreachable);
        Assert.Same(refused, e.InnerException);
        Assert.Contains("Connection refused", e.Message, StringComparison.Ordinal);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task Connection_refused_by_a_real_closed_port_is_Unreachable()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        using var http = new HttpClient();
        var client = new PrometheusClient(http, new Uri($"http://127.0.0.1:{port}/"));
        var e = await Assert.ThrowsAsync<PrometheusQueryException>(() => client.QueryScalarAsync("up", CancellationToken.None));
        Assert.Equal(PrometheusQueryErrorKind.Unreachable, e.Kind);
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("`up`", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_call_timeout_fires_on_the_time_provider()
    {
        var fake = new FakeTimeProvider();
        var (client, _) = Make(StubHandler.Hangs(), fake);

        var call = client.QueryScalarAsync(Query, CancellationToken.None);
        fake.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(50);
        Assert.False(call.IsCompleted);
        fake.Advance(TimeSpan.FromSeconds(0.1));

        var e = await Fails(() => call, PrometheusQueryErrorKind.Timeout);
        Assert.Contains("5 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_timeout_is_used()
    {
        var fake = new FakeTimeProvider();
        var client = new PrometheusClient(new HttpClient(StubHandler.Hangs()), Base, fake) { Timeout = TimeSpan.FromMilliseconds(1500) };

        var call = client.QueryOptionalScalarAsync(Query, CancellationToken.None);
        fake.Advance(TimeSpan.FromMilliseconds(1500));

        var e = await Fails(() => call, PrometheusQueryErrorKind.Timeout);
        Assert.Contains("1500 ms", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpClient_timeout_is_Timeout()
    {
        var client = new PrometheusClient(new HttpClient(StubHandler.Hangs()) { Timeout = TimeSpan.FromMilliseconds(100) }, Base);
        await Fails(() => client.QueryScalarAsync(Query, CancellationToken.None), PrometheusQueryErrorKind.Timeout);
    }

    [Fact]
    public async Task Caller_cancellation_is_OperationCanceledException_not_a_query_error()
    {
        var (client, _) = Make(StubHandler.Hangs(), new FakeTimeProvider());
        using var cts = new CancellationTokenSource();

        var call = client.QueryScalarAsync(Query, cts.Token);
        await cts.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, e.CancellationToken);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.QueryScalarAsync(Query, cts.Token));
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-0.25", -0.25)]
    [InlineData("1e+06", 1e6)]
    [InlineData("2.5e-07", 2.5e-7)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    public void Prometheus_value_strings_parse(string text, double expected)
    {
        Assert.True(PrometheusClient.TryParseValue(text, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void NaN_parses_and_garbage_does_not()
    {
        Assert.True(PrometheusClient.TryParseValue("NaN", out var nan));
        Assert.True(double.IsNaN(nan));
        Assert.False(PrometheusClient.TryParseValue("1,5", out _));
        Assert.False(PrometheusClient.TryParseValue("", out _));
    }

    [Fact]
    public void Constructor_rejects_bad_arguments()
    {
        using var http = new HttpClient();
        Assert.Throws<ArgumentException>(() => new PrometheusClient(http, new Uri("/relative", UriKind.Relative)));
        Assert.Throws<ArgumentException>(() => new PrometheusClient(http, new Uri("ftp://prom:9090/")));
        Assert.Throws<ArgumentException>(() => new PrometheusClient(http, new Uri("http://prom:9090/?x=1")));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrometheusClient(http, Base) { Timeout = TimeSpan.Zero });
        Assert.Equal(TimeSpan.FromSeconds(5), new PrometheusClient(http, Base).Timeout);
    }

    [Fact]
    public async Task Blank_query_is_an_argument_error()
    {
        var (client, handler) = Make(StubHandler.Json(Scalar("1")));
        await Assert.ThrowsAsync<ArgumentException>(() => client.QueryScalarAsync(" ", CancellationToken.None));
        Assert.Empty(handler.Requests);
    }
}
