namespace Frontier.Prometheus.Tests;

public sealed class PromQlTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("a\rb", "a\\rb")]
    [InlineData("\\\"\n", "\\\\\\\"\\n")]
    [InlineData("ünï/cødé {x}", "ünï/cødé {x}")]
    public void Label_values_are_escaped(string raw, string escaped) => Assert.Equal(escaped, PromQl.EscapeLabelValue(raw));

    [Fact]
    public void Selector_quotes_and_escapes_values_in_order()
    {
        Assert.Equal("up", PromQl.Selector("up"));
        Assert.Equal("up{job=\"a\",route=\"ns/x\\\"y\"}", PromQl.Selector("up", ("job", "a"), ("route", "ns/x\"y")));
        Assert.Equal("m{b=\"2\",a=\"1\"}", PromQl.Selector("m", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }));
        Assert.Equal("m", PromQl.Selector("m", new Dictionary<string, string>()));
    }

    [Fact]
    public void Injection_through_a_value_stays_inside_the_string()
    {
        var evil = "x\"} or vector(1) or up{a=\"";
        var selector = PromQl.Selector("m", ("route", evil));
        Assert.Equal("m{route=\"x\\\"} or vector(1) or up{a=\\\"\"}", selector);
    }

    [Theory]
    [InlineData("vllm:num_requests_running")]
    [InlineData(":colon_first")]
    [InlineData("_x")]
    [InlineData("DCGM_FI_DEV_POWER_USAGE")]
    public void Colon_and_underscore_metric_names_are_legal(string name)
    {
        Assert.True(PromQl.IsValidMetricName(name));
        Assert.Equal(name, PromQl.Selector(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1metric")]
    [InlineData("my-metric")]
    [InlineData("metric{a=\"b\"}")]
    [InlineData("metric name")]
    [InlineData("métric")]
    public void Bad_metric_names_throw_with_the_name(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => PromQl.Selector(name));
        Assert.Contains($"'{name}'", e.Message, StringComparison.Ordinal);
        Assert.Equal("metric", e.ParamName);
    }

    [Theory]
    [InlineData("has:colon")]
    [InlineData("9lives")]
    [InlineData("app.kubernetes.io/name")]
    [InlineData("")]
    public void Bad_label_names_throw_with_the_name(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => PromQl.Selector("m", (name, "v")));
        Assert.Contains($"'{name}'", e.Message, StringComparison.Ordinal);
        var by = Assert.Throws<ArgumentException>(() => PromQl.Sum("m", name));
        Assert.Contains($"'{name}'", by.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_label_and_null_value_throw()
    {
        var dup = Assert.Throws<ArgumentException>(() => PromQl.Selector("m", ("a", "1"), ("a", "2")));
        Assert.Contains("'a'", dup.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PromQl.Selector("m", ("a", null!)));
    }

    [Theory]
    [InlineData(60_000, "1m")]
    [InlineData(90_000, "90s")]
    [InlineData(5_000, "5s")]
    [InlineData(250, "250ms")]
    [InlineData(7_200_000, "2h")]
    [InlineData(86_400_000, "1d")]
    [InlineData(1_500, "1500ms")]
    public void Durations_use_the_largest_whole_unit(int ms, string expected) =>
        Assert.Equal(expected, PromQl.Duration(TimeSpan.FromMilliseconds(ms)));

    [Fact]
    public void Bad_durations_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PromQl.Duration(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => PromQl.Duration(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PromQl.Duration(TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Rate_sum_and_avg_compose()
    {
        var rate = PromQl.Rate(PromQl.Selector("c_total", ("a", "b")), TimeSpan.FromMinutes(1));
        Assert.Equal("rate(c_total{a=\"b\"}[1m])", rate);
        Assert.Equal("sum(rate(c_total{a=\"b\"}[1m]))", PromQl.Sum(rate));
        Assert.Equal("sum by (pod, namespace) (x)", PromQl.Sum("x", "pod", "namespace"));
        Assert.Equal("avg(x)", PromQl.Avg("x"));
        Assert.Equal("avg by (gpu) (x)", PromQl.Avg("x", "gpu"));
        Assert.Throws<ArgumentException>(() => PromQl.Rate("c_total[5m]", TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentException>(() => PromQl.Rate(" ", TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentException>(() => PromQl.Sum(""));
    }
}

public sealed class SelectorMatchingAnyTests
{
    [Fact]
    public void Values_are_matched_whole_with_metacharacters_escaped_in_a_canonical_order()
    {
        var selector = PromQl.SelectorMatchingAny("m", [KeyValuePair.Create("namespace", "llm")], "pod", ["wingpt-7d4-x2", "a.b", "wingpt-7d4-x2", "c+(d)|e"]);
        // RE2 sees a\.b|c\+\(d\)\|e|wingpt-7d4-x2; the PromQL string doubles each backslash.
        Assert.Equal("m{namespace=\"llm\",pod=~\"a\\\\.b|c\\\\+\\\\(d\\\\)\\\\|e|wingpt-7d4-x2\"}", selector);
        Assert.Equal("m{pod=~\"p\"}", PromQl.SelectorMatchingAny("m", [], "pod", ["p"]));
    }

    [Fact]
    public void No_value_an_empty_value_or_a_repeated_label_throws()
    {
        Assert.Throws<ArgumentException>(() => PromQl.SelectorMatchingAny("m", [], "pod", []));
        Assert.Throws<ArgumentException>(() => PromQl.SelectorMatchingAny("m", [], "pod", ["a", ""]));
        Assert.Throws<ArgumentException>(() => PromQl.SelectorMatchingAny("m", [KeyValuePair.Create("pod", "x")], "pod", ["a"]));
        Assert.Throws<ArgumentException>(() => PromQl.SelectorMatchingAny("m", [], "bad-label", ["a"]));
    }
}

public sealed class FrontierQueriesTests
{
    private static readonly Dictionary<string, string> Model = new() { ["namespace"] = "llm", ["model_name"] = "meta/llama" };

    [Fact]
    public void Default_queries_are_the_documented_promql()
    {
        var q = new FrontierQueries();
        Assert.Equal("sum(rate(frontier_gateway_requests_total{route=\"default/chat\"}[1m]))", q.GatewayDemand("default", "chat"));
        Assert.Equal("sum(rate(vllm:request_success_total{namespace=\"llm\",model_name=\"meta/llama\"}[1m]))", q.VllmRequestRate(Model));
        Assert.Equal("sum(vllm:num_requests_running{namespace=\"llm\",model_name=\"meta/llama\"})", q.VllmRunningRequests(Model));
        Assert.Equal("avg(DCGM_FI_DEV_POWER_USAGE{gpu=\"0\"})", q.DcgmPowerWatts(new Dictionary<string, string> { ["gpu"] = "0" }));
        Assert.Equal("avg(DCGM_FI_DEV_POWER_USAGE)", q.DcgmPowerWatts([]));
        Assert.Equal("count(DCGM_FI_DEV_POWER_USAGE{namespace=\"llm\"})", q.DcgmGpusInNamespace("llm"));
        Assert.Equal("avg(DCGM_FI_DEV_POWER_USAGE{namespace=\"llm\",pod=~\"wingpt-1|wingpt-2\"})", q.DcgmPowerWattsOfPods("llm", ["wingpt-2", "wingpt-1"]));
    }

    [Fact]
    public void Metric_names_label_and_window_are_configurable()
    {
        var q = new FrontierQueries
        {
            GatewayRequestsTotal = "gw_requests_total",
            RouteLabel = "httproute",
            VllmRequestSuccessTotal = "vllm_request_success_total",
            VllmRequestsRunning = "vllm_num_requests_running",
            DcgmPowerUsage = "gpu_power_watts",
            RateWindow = TimeSpan.FromSeconds(30),
        };
        Assert.Equal("sum(rate(gw_requests_total{httproute=\"a/b\"}[30s]))", q.GatewayDemand("a", "b"));
        Assert.Equal("sum(rate(vllm_request_success_total[30s]))", q.VllmRequestRate([]));
        Assert.Equal("sum(vllm_num_requests_running)", q.VllmRunningRequests([]));
        Assert.Equal("avg(gpu_power_watts)", q.DcgmPowerWatts([]));
    }

    [Fact]
    public void Bad_configuration_and_arguments_throw()
    {
        var metric = Assert.Throws<ArgumentException>(() => new FrontierQueries { GatewayRequestsTotal = "gw-requests" });
        Assert.Contains("'gw-requests'", metric.Message, StringComparison.Ordinal);
        var label = Assert.Throws<ArgumentException>(() => new FrontierQueries { RouteLabel = "route:name" });
        Assert.Contains("'route:name'", label.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrontierQueries { RateWindow = TimeSpan.Zero });

        var q = new FrontierQueries();
        Assert.Throws<ArgumentException>(() => q.GatewayDemand("", "chat"));
        Assert.Throws<ArgumentException>(() => q.GatewayDemand("a/b", "chat"));
        Assert.Throws<ArgumentException>(() => q.VllmRunningRequests(new Dictionary<string, string> { ["bad-label"] = "x" }));
    }

    [Fact]
    public void Route_values_are_escaped()
    {
        Assert.Equal("sum(rate(frontier_gateway_requests_total{route=\"x\\\"y/z\"}[1m]))", new FrontierQueries().GatewayDemand("x\"y", "z"));
    }
}
