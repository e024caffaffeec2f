using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Chat;

namespace Frontier.Gateway.Tests;

/// <summary>The official OpenAI .NET client against the gateway in front of a simulator process.</summary>
public sealed class OpenAiDotNetClientTests
{
    [Fact(Timeout = 120_000)]
    public async Task The_official_openai_dotnet_client_works_streamed_and_not()
    {
        await using var simulator = await SimulatorProcess.StartAsync("sim-model", 0.05);
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Use(simulator.AsRoute("chat", "sim-model"));
        var client = new ChatClient("chat", new ApiKeyCredential("not-needed"),
            new OpenAIClientOptions { Endpoint = new Uri(new Uri(gateway.Url), "/v1"), NetworkTimeout = TimeSpan.FromSeconds(20) });

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Say hello.")]);
        Assert.False(string.IsNullOrEmpty(completion.Content[0].Text));
        Assert.True(completion.Usage.OutputTokenCount > 0);

        var text = new StringBuilder();
        var updates = 0;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Count to five.")]))
        {
            updates++;
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
        }
        Assert.True(updates > 1, $"{updates} streamed updates");
        Assert.True(text.Length > 0);

        var unknown = new ChatClient("no-such-alias", new ApiKeyCredential("x"), new OpenAIClientOptions { Endpoint = new Uri(new Uri(gateway.Url), "/v1") });
        var error = await Assert.ThrowsAsync<ClientResultException>(() => unknown.CompleteChatAsync([new UserChatMessage("x")]));
        Assert.Equal(404, error.Status);
    }
}
