// frontier-proxy-baseline --destination http://127.0.0.1:PORT --urls http://127.0.0.1:PORT
// The floor for Frontier.Gateway's overhead: YARP's direct forwarder with the same HTTP client settings the
// gateway uses, and nothing else (no body parsing, no admission, no metrics).
using System.Net;
using Yarp.ReverseProxy.Forwarder;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddHttpForwarder();
var destination = builder.Configuration["destination"]
    ?? throw new ArgumentException("usage: frontier-proxy-baseline --destination http://HOST:PORT [--urls URL]");
var app = builder.Build();
var invoker = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
});
var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
var config = new ForwarderRequestConfig { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
app.Map("/{**path}", async context => await forwarder.SendAsync(context, destination, invoker, config, HttpTransformer.Default));
app.Run();
