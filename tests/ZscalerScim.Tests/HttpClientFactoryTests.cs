using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using ZscalerScim.Http;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>
/// What a session's HttpClient does on the wire, against a raw HTTP server on 127.0.0.1. These run on .NET 10 and, on
/// the net472 build, under Mono (build.ps1 -Task Test), where the .NET Framework defaults they guard against apply.
/// </summary>
public class HttpClientFactoryTests
{
    /// <summary>Reads each request's head; answers none of them until <c>holdUntil</c> requests are open at once.</summary>
    private sealed class RawServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _holdUntil;
        private readonly TaskCompletionSource<bool> _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _open;

        public RawServer(int holdUntil = 1)
        {
            _holdUntil = holdUntil;
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/api/v1/status");

        public List<string> Heads { get; } = new();

        public int MostOpen { get; private set; }

        private async Task AcceptAsync()
        {
            while (true)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(); }
                catch (ObjectDisposedException) { return; }
                catch (SocketException) { return; }
                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                NetworkStream stream = client.GetStream();
                string head = await ReadHeadAsync(stream);
                lock (Heads)
                {
                    Heads.Add(head);
                    MostOpen = Math.Max(MostOpen, ++_open);
                    if (_open >= _holdUntil) { _enough.TrySetResult(true); }
                }
                await _enough.Task;
                byte[] answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
                await stream.WriteAsync(answer, 0, answer.Length);
            }
        }

        private static async Task<string> ReadHeadAsync(NetworkStream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, 0, 1) == 1)
            {
                head.Append((char)one[0]);
            }
            return head.ToString();
        }

        public void Dispose() => _listener.Stop();
    }

    [Fact]
    public async Task SendsABodyWithoutWaitingForA100Continue()
    {
        using var server = new RawServer();
        using HttpClient client = HttpClientFactory.Create(ProxyOptions.None, new CookieContainer());

        Assert.False(client.DefaultRequestHeaders.ExpectContinue);
        using var body = new StringContent("{\"userName\":\"a@acme.example\"}", Encoding.UTF8, "application/json");
        using HttpResponseMessage answer = await client.PostAsync(server.Url, body);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.DoesNotContain("Expect:", Assert.Single(server.Heads), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OpensAsManyConnectionsToOneServerAsTheSyncKeepsInFlight()
    {
        // .NET Framework's default is 2 per server: the server would then never see 16 at once, and nothing would be answered.
        using var server = new RawServer(holdUntil: HttpClientFactory.MostConnectionsPerServer);
        using HttpClient client = HttpClientFactory.Create(ProxyOptions.None, new CookieContainer());
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        HttpResponseMessage[] answers = await Task.WhenAll(Enumerable.Range(0, HttpClientFactory.MostConnectionsPerServer)
            .Select(_ => client.GetAsync(server.Url, guard.Token)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(HttpClientFactory.MostConnectionsPerServer, server.MostOpen);
    }

    [Fact]
    public async Task ProxyUseDefaultCredentialsStaysWithItsSession()
    {
        using var server = new RawServer();
        ICredentials? before = WebRequest.DefaultWebProxy?.Credentials;

        // .NET Framework's handler hands its default proxy credentials on as it sends, so send one call.
        using (HttpClient signedIn = HttpClientFactory.Create(new ProxyOptions(null, null, true), new CookieContainer()))
        using (HttpResponseMessage answer = await signedIn.GetAsync(server.Url))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        HttpClientHandler first = Inner(HttpClientFactory.CreateHandler(new ProxyOptions(null, null, true), new CookieContainer()));
        HttpClientHandler second = Inner(HttpClientFactory.CreateHandler(ProxyOptions.None, new CookieContainer()));

        Assert.Same(CredentialCache.DefaultCredentials, first.Proxy?.Credentials);
        Assert.Null(second.Proxy);
        Assert.Same(before, WebRequest.DefaultWebProxy?.Credentials);
    }

    private static HttpClientHandler Inner(HttpMessageHandler handler) =>
        handler as HttpClientHandler ?? (HttpClientHandler)((DelegatingHandler)handler).InnerHandler!;
}
