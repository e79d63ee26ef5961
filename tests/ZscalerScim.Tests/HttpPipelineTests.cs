using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using ZscalerScim.Zia;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>The one HTTP pipeline against a scripted handler: retries, re-login, what a failed write leaves, cancellation.</summary>
public class HttpPipelineTests
{
    private static readonly Uri Api = new("https://zsapi.zscalertwo.net/api/v1/status");

    /// <summary>Answers each request with the next scripted step; records what was sent.</summary>
    private sealed class ScriptedHandler : HttpMessageHandler
    {
        private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _steps = new();

        public List<string> Sent { get; } = new();

        public ScriptedHandler Answer(HttpStatusCode status, string body = "{}", string mediaType = "application/json")
        {
            _steps.Enqueue((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) }));
            return this;
        }

        public ScriptedHandler Respond(Func<HttpResponseMessage> answer)
        {
            _steps.Enqueue((_, _) => Task.FromResult(answer()));
            return this;
        }

        public ScriptedHandler Drop()
        {
            _steps.Enqueue((_, _) => throw new HttpRequestException("The connection was reset."));
            return this;
        }

        public ScriptedHandler Hang()
        {
            _steps.Enqueue(async (_, cancel) =>
            {
                await Task.Delay(Timeout.Infinite, cancel);
                throw new InvalidOperationException("unreachable");
            });
            return this;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent.Add($"{request.Method} {request.Headers.Authorization}".TrimEnd());
            return _steps.Dequeue()(request, cancellationToken);
        }
    }

    private sealed class CountingAuthorizer : IRequestAuthorizer
    {
        public int Recovered { get; private set; }

        public string Token { get; set; } = "first";

        public Task AuthorizeAsync(HttpRequestMessage request, OperationLog log, CancellationToken cancel)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
            return Task.CompletedTask;
        }

        public Task<bool> RecoverAsync(OperationLog log, CancellationToken cancel)
        {
            Recovered++;
            Token = "second";
            return Task.FromResult(true);
        }
    }

    private static HttpPipeline Pipeline(ScriptedHandler handler, int maxRetries = 5, double timeoutSeconds = 30) =>
        new(new HttpClient(handler), new RequestThrottle(new Dictionary<string, RateLimit[]>()), new RetryPolicy(maxRetries), TimeSpan.FromSeconds(timeoutSeconds), Zia.ZiaErrors.Read);

    private static async Task<ApiResponse> Send(HttpPipeline pipeline, HttpMethod method, CancellationToken cancel = default)
    {
        using OperationLog log = new();
        return await pipeline.SendAsync(new ApiRequest(method, Api) { Idempotent = method != HttpMethod.Post }, log, cancel);
    }

    /// <summary>A body that breaks off after its first bytes, as a connection the server or a proxy closes.</summary>
    private sealed class BreakingStream : MemoryStream
    {
        public BreakingStream()
            : base(Encoding.UTF8.GetBytes("{\"status\":"))
        {
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            Position < Length ? base.Read(buffer, offset, count) : throw new IOException("The response ended prematurely.");
    }

    /// <summary>A body whose first bytes come, then nothing until the response is closed (a server that stalls).</summary>
    private sealed class StallingStream : MemoryStream
    {
        private readonly ManualResetEventSlim _closed = new();

        public StallingStream()
            : base(Encoding.UTF8.GetBytes("{\"status\":"))
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position < Length)
            {
                return base.Read(buffer, offset, count);
            }
            _closed.Wait();
            throw new ObjectDisposedException(nameof(StallingStream));
        }

        protected override void Dispose(bool disposing)
        {
            _closed.Set();
            base.Dispose(disposing);
        }
    }

    private static HttpResponseMessage Stalling() => new(HttpStatusCode.OK)
    {
        Content = new StreamContent(new StallingStream()) { Headers = { ContentType = new("application/json") } },
    };

    [Fact]
    public async Task AnAnswerThatStallsTimesOutAndSaysTheAnswerHadBegun()
    {
        ScriptedHandler handler = new ScriptedHandler().Respond(Stalling);
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() => Send(Pipeline(handler, timeoutSeconds: 0.5), HttpMethod.Get));
        Assert.Equal("ZiaRequestTimeout", ex.ErrorId);
        Assert.Contains("answered 200, but the rest of its answer did not arrive within", ex.Message);
        Assert.DoesNotContain("got no answer", ex.Message);
    }

    [Fact]
    public async Task CancellationStopsTheReadOfAStalledAnswer()
    {
        ScriptedHandler handler = new ScriptedHandler().Respond(Stalling);
        // Ctrl+C while the read waits on the stalled body (the read blocks its thread: the stop comes from another).
        using CancellationTokenSource stop = new();
        stop.CancelAfter(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Send(Pipeline(handler), HttpMethod.Get, stop.Token));
    }

    [Fact]
    public async Task AConnectionLostInTheAnswerIsNotReportedAsNoAnswer()
    {
        ScriptedHandler handler = new ScriptedHandler().Respond(() => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new BreakingStream()) { Headers = { ContentType = new("application/json") } },
        });
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() => Send(Pipeline(handler, maxRetries: 0), HttpMethod.Get));
        Assert.Equal("ZiaConnectionFailed", ex.ErrorId);
        Assert.Contains("answered 200, but the connection broke while the answer was read", ex.Message);
        Assert.DoesNotContain("host name", ex.Message);
        Assert.Equal(Api, ex.Target);
    }

    [Fact]
    public async Task ARedirectNamesWhereItLeadsAndWhy()
    {
        ScriptedHandler handler = new ScriptedHandler().Respond(() => new HttpResponseMessage(HttpStatusCode.Found)
        {
            Headers = { Location = new Uri("https://login.proxy.acme.example/sso?return=api") },
        });
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() => Send(Pipeline(handler), HttpMethod.Get));
        Assert.Equal("ZiaUnexpectedResponse", ex.ErrorId);
        Assert.Contains("302", ex.Message);
        Assert.Contains("https://login.proxy.acme.example/sso", ex.Message);
        Assert.Contains("redirect", ex.Message);
        Assert.Equal(Api, ex.Target);
        Assert.Single(handler.Sent);
    }

    [Theory]
    [InlineData(409, "DUPLICATE_ITEM", "An item with this name already exists")]
    [InlineData(412, "PRECONDITION_FAILED", "The object changed")]
    public void AConflictThatIsNoEditLockDoesNotBlameTheEditLock(int status, string code, string message)
    {
        ZiaException ex = ZiaErrors.From("PUT /api/v1/x", status, code, message, Api);
        Assert.NotEqual("ZiaBusy", ex.ErrorId);
        Assert.DoesNotContain("edit lock", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void TheEditLockIsStillNamedAsSuch()
    {
        Assert.Equal("ZiaBusy", ZiaErrors.From("PUT /api/v1/x", 409, "EDIT_LOCK_NOT_AVAILABLE", "locked", Api).ErrorId);
        Assert.Equal("ZiaBusy", ZiaErrors.From("PUT /api/v1/x", 409, "UNEXPECTED_ERROR", "Failed during enter Org barrier", Api).ErrorId);
    }

    [Fact]
    public async Task RepeatsAGetAfterA503()
    {
        ScriptedHandler handler = new ScriptedHandler().Answer(HttpStatusCode.ServiceUnavailable).Answer(HttpStatusCode.OK, "{\"status\":\"ACTIVE\"}");
        ApiResponse answer = await Send(Pipeline(handler), HttpMethod.Get);
        Assert.Equal(200, answer.StatusCode);
        Assert.Equal("ACTIVE", (string?)answer.Json!["status"]);
        Assert.Equal(2, handler.Sent.Count);
    }

    [Fact]
    public async Task SignsInAgainOnceOn401AndRepeatsTheCall()
    {
        ScriptedHandler handler = new ScriptedHandler().Answer(HttpStatusCode.Unauthorized, "{\"code\":\"SESSION_NOT_VALID\"}").Answer(HttpStatusCode.OK);
        CountingAuthorizer authorizer = new();
        HttpPipeline pipeline = Pipeline(handler);
        pipeline.Authorizer = authorizer;
        await Send(pipeline, HttpMethod.Get);
        Assert.Equal(1, authorizer.Recovered);
        Assert.Equal(new[] { "GET Bearer first", "GET Bearer second" }, handler.Sent);
    }

    [Fact]
    public async Task GivesUpAfterASecond401()
    {
        ScriptedHandler handler = new ScriptedHandler().Answer(HttpStatusCode.Unauthorized).Answer(HttpStatusCode.Unauthorized);
        HttpPipeline pipeline = Pipeline(handler);
        pipeline.Authorizer = new CountingAuthorizer();
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() => Send(pipeline, HttpMethod.Get));
        Assert.Equal("ZiaSessionNotValid", ex.ErrorId);
        Assert.Equal(2, handler.Sent.Count);
    }

    [Fact]
    public async Task NeverRepeatsAPostWhoseConnectionDropped_AndSaysItMayHaveActed()
    {
        ScriptedHandler handler = new ScriptedHandler().Drop().Answer(HttpStatusCode.OK);
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() => Send(Pipeline(handler), HttpMethod.Post));
        Assert.Equal("ZiaConnectionFailed", ex.ErrorId);
        Assert.Equal(SaveState.Unknown, ex.SaveState);
        Assert.Single(handler.Sent);
    }

    [Fact]
    public async Task ARefusedWriteSavedNothing()
    {
        ScriptedHandler handler = new ScriptedHandler().Answer(HttpStatusCode.BadRequest, "{\"code\":\"INVALID_INPUT_ARGUMENT\",\"message\":\"bad\"}");
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() => Send(Pipeline(handler), HttpMethod.Put));
        Assert.Equal("ZiaInvalidRequest", ex.ErrorId);
        Assert.Equal(SaveState.NotSaved, ex.SaveState);
        Assert.Single(handler.Sent);
    }

    [Fact]
    public async Task ARefusalAfterALostAttemptNoLongerProvesNothingWasSaved()
    {
        // The first PUT's connection dropped (it may have been saved); the repeat meets a 400.
        ScriptedHandler handler = new ScriptedHandler().Drop().Answer(HttpStatusCode.BadRequest);
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() => Send(Pipeline(handler), HttpMethod.Put));
        Assert.Equal(SaveState.Unknown, ex.SaveState);
        Assert.Equal(2, handler.Sent.Count);
    }

    [Fact]
    public async Task AWriteThatTimesOutMayHaveBeenSaved()
    {
        ScriptedHandler handler = new ScriptedHandler().Hang();
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() => Send(Pipeline(handler, timeoutSeconds: 0.2), HttpMethod.Put));
        Assert.Equal("ZiaRequestTimeout", ex.ErrorId);
        Assert.Equal(SaveState.Unknown, ex.SaveState);
    }

    [Fact]
    public async Task AProxyPageIsAClearErrorNotAJsonException()
    {
        ScriptedHandler handler = new ScriptedHandler().Answer(HttpStatusCode.OK, "<html><body>Sign in</body></html>", "text/html");
        ZiaException ex = await Assert.ThrowsAsync<ZiaException>(() => Send(Pipeline(handler), HttpMethod.Get));
        Assert.Equal("ZiaUnexpectedResponse", ex.ErrorId);
        Assert.Contains("text/html", ex.Message);
    }

    [Fact]
    public async Task CancellationStopsTheCallAtOnce()
    {
        using CancellationTokenSource stop = new();
        ScriptedHandler handler = new ScriptedHandler().Hang();
        Task<ApiResponse> call = Send(Pipeline(handler), HttpMethod.Get, stop.Token);
        stop.CancelAfter(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task TheThrottleSpacesCallsToItsLimit()
    {
        ScriptedHandler handler = new ScriptedHandler().Answer(HttpStatusCode.OK).Answer(HttpStatusCode.OK).Answer(HttpStatusCode.OK);
        HttpPipeline pipeline = new(new HttpClient(handler),
            new RequestThrottle(new Dictionary<string, RateLimit[]> { ["GET"] = new[] { new RateLimit(2, TimeSpan.FromSeconds(1)) } }),
            new RetryPolicy(0), TimeSpan.FromSeconds(30), Zia.ZiaErrors.Read);
        using OperationLog log = new();
        System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 3; i++)
        {
            await pipeline.SendAsync(new ApiRequest(HttpMethod.Get, Api) { Buckets = new[] { "GET" } }, log, default);
        }
        // Two a second: the third waits for the first one's second to pass.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), $"3 calls at 2/s took only {watch.Elapsed}");
    }
}
