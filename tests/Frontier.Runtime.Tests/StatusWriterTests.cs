using System.Text.Json.Nodes;
using k8s.Autorest;
using k8s.Models;

namespace Frontier.Runtime.Tests;

public sealed class StatusWriterTests
{
    private static HttpOperationException HttpError(System.Net.HttpStatusCode code) => new($"status {(int)code}")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), string.Empty),
    };

    [Fact]
    public void Patch_holds_only_the_status()
    {
        var patch = JsonNode.Parse(StatusWriter.BuildPatch(null, new WidgetStatus { Phase = "Ready" }))!.AsObject();
        Assert.Equal(["status"], patch.Select(p => p.Key));
        Assert.Equal("""{"phase":"Ready"}""", patch["status"]!.ToJsonString());
    }

    [Fact]
    public void Fields_the_new_status_dropped_are_sent_as_null()
    {
        var old = JsonNode.Parse("""{"phase":"Ready","message":"old","detail":{"replicas":2,"note":"x"},"conditions":[{"type":"A"}]}""");
        var patch = StatusWriter.BuildPatch(old, new WidgetStatus { Phase = "Degraded", Detail = new WidgetStatusDetail { Replicas = 3 } });
        Assert.Equal(
            """{"status":{"phase":"Degraded","detail":{"replicas":3,"note":null},"message":null,"conditions":null}}""",
            patch);
    }

    [Fact]
    public void A_null_status_removes_it()
    {
        Assert.Equal("""{"status":null}""", StatusWriter.BuildPatch(JsonNode.Parse("""{"phase":"x"}"""), null));
    }

    [Fact]
    public void Conditions_serialise_with_api_field_names_and_times()
    {
        var status = new WidgetStatus { Conditions = [] };
        Conditions.Set(status.Conditions, "Ready", true, "Done", "ok", 4, new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var patch = StatusWriter.BuildPatch(null, status);
        Assert.Equal(
            """{"status":{"conditions":[{"lastTransitionTime":"2025-01-02T03:04:05Z","message":"ok","observedGeneration":4,"reason":"Done","status":"True","type":"Ready"}]}}""",
            patch);
    }

    [Fact]
    public async Task Writes_from_the_current_object_and_reports_success()
    {
        var client = new FakeResourceClient<Widget>();
        string? sent = null;
        client.OnPatchStatus = (key, json) =>
        {
            Assert.Equal(new ObjectKey("ns", "a"), key);
            sent = json;
            return Widget.Create("ns", "a");
        };
        var current = Widget.Create("ns", "a");
        current.Status = new WidgetStatus { Phase = "Pending", Message = "waiting" };

        Assert.True(await new StatusWriter().PatchStatusAsync(client, current, new WidgetStatus { Phase = "Ready" }, CancellationToken.None));
        Assert.Equal("""{"status":{"phase":"Ready","message":null}}""", sent);
    }

    [Fact]
    public async Task A_deleted_object_is_not_an_error()
    {
        var client = new FakeResourceClient<Widget> { OnPatchStatus = (_, _) => throw HttpError(System.Net.HttpStatusCode.NotFound) };
        Assert.False(await new StatusWriter().PatchStatusAsync(client, new ObjectKey("ns", "gone"), new WidgetStatus(), CancellationToken.None));
    }

    [Fact]
    public async Task Conflicts_are_retried_then_surface()
    {
        var calls = 0;
        var client = new FakeResourceClient<Widget>
        {
            OnPatchStatus = (_, _) => ++calls < 3 ? throw HttpError(System.Net.HttpStatusCode.Conflict) : Widget.Create("ns", "a"),
        };
        Assert.True(await new StatusWriter().PatchStatusAsync(client, new ObjectKey("ns", "a"), new WidgetStatus(), CancellationToken.None));
        Assert.Equal(3, calls);

        calls = -100;
        var writer = new StatusWriter(maxAttempts: 2);
        await Assert.ThrowsAsync<HttpOperationException>(() => writer.PatchStatusAsync(client, new ObjectKey("ns", "a"), new WidgetStatus(), CancellationToken.None));
        Assert.Equal(-98, calls);
    }

    [Fact]
    public async Task Other_errors_surface_at_once()
    {
        var calls = 0;
        var client = new FakeResourceClient<Widget> { OnPatchStatus = (_, _) => { calls++; throw HttpError(System.Net.HttpStatusCode.UnprocessableEntity); } };
        await Assert.ThrowsAsync<HttpOperationException>(() => new StatusWriter().PatchStatusAsync(client, new ObjectKey("ns", "a"), new WidgetStatus(), CancellationToken.None));
        Assert.Equal(1, calls);
    }
}
