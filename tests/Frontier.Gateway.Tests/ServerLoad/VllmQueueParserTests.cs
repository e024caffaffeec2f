using Frontier.Gateway.ServerLoad;

namespace Frontier.Gateway.Tests.ServerLoad;

public sealed class VllmQueueParserTests
{
    /// <summary>What a vLLM 0.10 server with two data-parallel engines serves on /metrics (abridged): Python's
    /// prometheus_client text, HELP and TYPE lines, floats written as 3.0 and 1.2e+03, histograms, a label value with an
    /// escaped quote and a brace, and a metric whose name starts with one of ours.</summary>
    private const string TwoEngines = """
        # HELP python_gc_objects_collected_total Objects collected during gc
        # TYPE python_gc_objects_collected_total counter
        python_gc_objects_collected_total{generation="0"} 12345.0
        # HELP vllm:num_requests_running Number of requests in model execution batches.
        # TYPE vllm:num_requests_running gauge
        vllm:num_requests_running{engine="0",model_name="Qwen/Qwen3-0.6B"} 3.0
        vllm:num_requests_running{engine="1",model_name="Qwen/Qwen3-0.6B"} 2.0
        # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
        # TYPE vllm:num_requests_waiting gauge
        vllm:num_requests_waiting{engine="0",model_name="Qwen/Qwen3-0.6B"} 1.0
        vllm:num_requests_waiting{engine="1",model_name="Qwen/Qwen3-0.6B"} 0.0
        # HELP vllm:num_requests_waiting_by_reason Number of requests waiting, by reason.
        # TYPE vllm:num_requests_waiting_by_reason gauge
        vllm:num_requests_waiting_by_reason{engine="0",model_name="Qwen/Qwen3-0.6B",reason="capacity"} 40.0
        # HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
        # TYPE vllm:kv_cache_usage_perc gauge
        vllm:kv_cache_usage_perc{engine="0",model_name="Qwen/Qwen3-0.6B"} 0.4508602
        # HELP vllm:generation_tokens_total Number of generation tokens processed.
        # TYPE vllm:generation_tokens_total counter
        vllm:generation_tokens_total{engine="0",model_name="Qwen/Qwen3-0.6B"} 4.2421665e+07
        # HELP vllm:e2e_request_latency_seconds Histogram of e2e request latency in seconds.
        # TYPE vllm:e2e_request_latency_seconds histogram
        vllm:e2e_request_latency_seconds_bucket{engine="0",le="0.3",model_name="Qwen/Qwen3-0.6B"} 0.0
        vllm:e2e_request_latency_seconds_bucket{engine="0",le="+Inf",model_name="Qwen/Qwen3-0.6B"} 1200.0
        vllm:e2e_request_latency_seconds_sum{engine="0",model_name="Qwen/Qwen3-0.6B"} 1.2e+03
        vllm:e2e_request_latency_seconds_count{engine="0",model_name="Qwen/Qwen3-0.6B"} 1200.0
        # HELP vllm:lora_requests_info Running stats on lora requests.
        # TYPE vllm:lora_requests_info gauge
        vllm:lora_requests_info{max_lora="1",running_lora_adapters="",waiting_lora_adapters=""} 1.7e+09
        """;

    [Fact]
    public void Sums_running_and_waiting_over_engines_and_nothing_else()
    {
        var queue = VllmQueueParser.Parse(TwoEngines);
        Assert.Equal(new ServerQueue(5, 1), queue);
        Assert.Equal(6, queue!.Value.Total);
    }

    [Fact]
    public void Reads_the_simulators_own_exposition()
    {
        // prometheus-net's writing (as the simulator serves it): integers without ".0", CRLF tolerated, a timestamp.
        const string text = "# HELP vllm:num_requests_running Number of requests currently running on GPU.\r\n" +
                            "# TYPE vllm:num_requests_running gauge\r\n" +
                            "vllm:num_requests_running{model_name=\"sim-model\"} 7 1700000000000\r\n" +
                            "vllm:num_requests_waiting{model_name=\"sim-model\"} 2\r\n";
        Assert.Equal(new ServerQueue(7, 2), VllmQueueParser.Parse(text));
    }

    [Theory]
    [InlineData("""vllm:num_requests_running{model_name="a \"quoted\" } name",engine="0"} 4.0""", 4)]
    [InlineData("""vllm:num_requests_running{model_name="back\\slash\\"} 1.5e+01""", 15)]
    [InlineData("""vllm:num_requests_running{model_name="line\nbreak"} 2E0""", 2)]
    [InlineData("""vllm:num_requests_running 3""", 3)]
    [InlineData("""   vllm:num_requests_running{}	6.0""", 6)]
    public void Reads_label_sets_with_escapes_and_numbers_in_any_float_form(string runningLine, double running)
    {
        var queue = VllmQueueParser.Parse(runningLine + "\nvllm:num_requests_waiting 1\n");
        Assert.Equal(new ServerQueue(running, 1), queue);
    }

    [Fact]
    public void Leaves_out_NaN_infinite_and_unreadable_samples()
    {
        const string text = """
            vllm:num_requests_running{engine="0"} NaN
            vllm:num_requests_running{engine="1"} +Inf
            vllm:num_requests_running{engine="2"} 4.0
            vllm:num_requests_running{engine="3" 9.0
            vllm:num_requests_running{engine="4"} many
            vllm:num_requests_waiting{engine="0"} 1.0
            """;
        Assert.Equal(new ServerQueue(4, 1), VllmQueueParser.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# HELP vllm:num_requests_running x\n# TYPE vllm:num_requests_running gauge\n")]
    [InlineData("vllm:num_requests_running{engine=\"0\"} 3.0\n")] // waiting missing
    [InlineData("vllm:num_requests_running_total 3\nvllm:num_requests_waiting_by_reason 1\n")] // longer names are other metrics
    [InlineData("vllm:num_requests_running{engine=\"0\"} NaN\nvllm:num_requests_waiting 1\n")]
    [InlineData("frontier_gateway_requests_total{route=\"a\"} 5\n")]
    [InlineData("<html><body>Not Found</body></html>")]
    public void Null_when_the_exposition_lacks_a_usable_sample_of_either(string text) =>
        Assert.Null(VllmQueueParser.Parse(text));
}
