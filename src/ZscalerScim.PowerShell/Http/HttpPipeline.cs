using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;

namespace ZscalerScim.Http;

/// <summary>
/// The one HTTP pipeline every call goes through: throttle, authorize, send with a timeout, trace,
/// retry per <see cref="RetryPolicy"/>, recover once from 401, and turn every failure into a clear
/// <see cref="ZiaException"/>.
/// </summary>
internal sealed class HttpPipeline : IDisposable
{
    private readonly HttpClient _http;
    private readonly RequestThrottle _throttle;

    /// <summary>Turns a service's error answer into an exception: ZIA's {code, message} or SCIM's {scimType, detail}.</summary>
    internal delegate ZiaException ErrorMapper(string call, int status, string? code, string? message, Uri target);

    private readonly ErrorMapper _errors;

    public HttpPipeline(HttpClient http, RequestThrottle throttle, RetryPolicy retry, TimeSpan timeout, ErrorMapper? errors = null)
    {
        _http = http;
        _throttle = throttle;
        Retry = retry;
        Timeout = timeout;
        _errors = errors ?? ApiErrors.From;
    }

    public RetryPolicy Retry { get; }

    public TimeSpan Timeout { get; }

    public IRequestAuthorizer? Authorizer { get; set; }

    public async Task<ApiResponse> SendAsync(ApiRequest request, OperationLog log, CancellationToken cancel)
    {
        bool recovered = false;
        int retry = 0;
        // Once any attempt of a write may have reached the service, a later refusal no longer proves nothing was saved.
        SaveState saved = SaveState.NotSaved;
        while (true)
        {
            Attempt attempt = await SendOnceAsync(request, log, cancel).ConfigureAwait(false);
            if (attempt.Response is { } ok)
            {
                return ok;
            }

            ZiaException failure = attempt.Failure!;
            if (request.Method != HttpMethod.Get && !(failure.StatusCode is >= 400 and < 500))
            {
                saved = SaveState.Unknown;
            }
            failure.SaveState = saved;
            if (failure.StatusCode == 401 && request.Authorize && !recovered && Authorizer is not null)
            {
                recovered = true;
                if (await Authorizer.RecoverAsync(log, cancel).ConfigureAwait(false))
                {
                    log.Verbose("The service no longer accepted this session; signed in again, repeating the call once.");
                    continue;
                }
            }

            FailureKind kind = attempt.Kind;
            if (kind == FailureKind.Unavailable && !request.Idempotent && (attempt.Dropped || failure.StatusCode != 503))
            {
                // A dropped connection, 502 or 504 may hide a server that acted: repeating a POST could act twice.
                kind = FailureKind.Permanent;
            }
            if (retry > 0 && failure.StatusCode == 404 && request.Method == HttpMethod.Delete)
            {
                // An earlier attempt that seemed lost did delete it.
                return new ApiResponse(404, null, null);
            }
            if (Retry.Delay(kind, retry, attempt.Advertised) is not { } delay)
            {
                if (retry > 0)
                {
                    throw new ZiaException(failure.ErrorId, failure.Category, $"{failure.Message} Gave up after {retry} retries.", failure.Target, failure)
                    {
                        StatusCode = failure.StatusCode,
                        ServiceCode = failure.ServiceCode,
                        SaveState = saved,
                    };
                }
                throw failure;
            }

            retry++;
            log.Verbose($"{Describe(request)} failed ({attempt.Summary}); retry {retry} of {Retry.MaxRetries} in {delay.TotalSeconds:0.#} s.");
            await Task.Delay(delay, cancel).ConfigureAwait(false);
        }
    }

    private async Task<Attempt> SendOnceAsync(ApiRequest request, OperationLog log, CancellationToken cancel)
    {
        // The body is written before the slot is taken, so that a throttle counting from the send sees the request leave at once.
        using HttpRequestMessage message = Build(request);
        RequestThrottle.Slot? slot = request.Buckets.Count > 0
            ? await _throttle.AcquireAsync(request.Buckets, log, cancel).ConfigureAwait(false)
            : null;
        if (request.Authorize && Authorizer is not null)
        {
            await Authorizer.AuthorizeAsync(message, log, cancel).ConfigureAwait(false);
        }
        if (request.Json is { } sent)
        {
            log.Debug(() => $"Request body: {SecretRedactor.Json(sent)}");
        }
        else if (request.JsonText is { } text)
        {
            log.Debug(() => $"Request body: {SecretRedactor.Body(text)}");
        }
        else if (request.Form is { } form)
        {
            log.Debug(() => $"Request body: {SecretRedactor.Form(form)}");
        }

        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(Timeout);
        Stopwatch watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        string body;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            slot?.Complete();
            log.Verbose($"{Describe(request)} -> no answer within {Timeout.TotalSeconds:0.#} s");
            return Attempt.Failed(new ZiaException(
                "ZiaRequestTimeout", ErrorCategory.OperationTimeout,
                $"{Describe(request)} got no answer within {Timeout.TotalSeconds:0.#} seconds. The service or a proxy is slow or unreachable; try again, or raise -TimeoutSec on Connect-Zia or Connect-ZiaScim.",
                request.Uri), FailureKind.Permanent);
        }
        catch (HttpRequestException ex)
        {
            slot?.Complete();
            string why = Innermost(ex);
            log.Verbose($"{Describe(request)} -> connection failed: {why}");
            return Attempt.Failed(new ZiaException(
                "ZiaConnectionFailed", ErrorCategory.ConnectionError,
                $"{Describe(request)} failed before an answer arrived: {why}. Check the host name, the network, the proxy (-Proxy on Connect-Zia or Connect-ZiaScim) and TLS inspection.",
                request.Uri, ex), FailureKind.Unavailable, dropped: true);
        }

        using (response)
        {
            int status = (int)response.StatusCode;
            // The throttle learns the path from each answer's round trip, and from each 429.
            slot?.Answered(status);
            log.Verbose($"{Describe(request)} -> {status} {response.ReasonPhrase} ({watch.ElapsedMilliseconds} ms)");
            log.Debug(() => $"Response body: {SecretRedactor.Body(body)}");

            if (response.StatusCode == HttpStatusCode.ProxyAuthenticationRequired)
            {
                // Only a proxy answers 407, whatever page it sends with it.
                return Attempt.Failed(new ZiaException(
                    "ZiaProxyAuthenticationRequired", ErrorCategory.AuthenticationError,
                    $"{Describe(request)} answered 407 Proxy Authentication Required: the proxy wants credentials, or refused the ones given. " +
                    "Pass -ProxyCredential, or -ProxyUseDefaultCredentials for a proxy that signs you in with your Windows account, to Connect-Zia or Connect-ZiaScim.",
                    request.Uri) { StatusCode = status }, FailureKind.Permanent);
            }

            string? mediaType = response.Content?.Headers.ContentType?.MediaType;
            bool isJson = mediaType is not null && mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0;
            if (body.Length > 0 && !isJson && (response.IsSuccessStatusCode || LooksLikeMarkup(body)))
            {
                return Attempt.Failed(new ZiaException(
                    "ZiaUnexpectedResponse", ErrorCategory.InvalidResult,
                    $"{Describe(request)} answered {status} with '{mediaType ?? "no content type"}' instead of JSON. A proxy or captive portal (often a Zscaler or corporate proxy page) may be intercepting the call: bypass it for this host, or pass -Proxy to Connect-Zia or Connect-ZiaScim.",
                    request.Uri) { StatusCode = status }, FailureKind.Permanent);
            }

            JToken? json = null;
            if (body.Length > 0 && isJson)
            {
                try
                {
                    json = ParseExact(body);
                }
                catch (JsonException ex)
                {
                    return Attempt.Failed(new ZiaException(
                        "ZiaMalformedResponse", ErrorCategory.InvalidResult,
                        $"{Describe(request)} answered {status} with JSON that cannot be read ({ex.Message}). The service or something between may have cut the answer short; try again.",
                        request.Uri, ex) { StatusCode = status }, FailureKind.Permanent);
                }
            }

            if (response.IsSuccessStatusCode || request.Accept.Contains(status))
            {
                Uri? location = response.Headers.Location is { } loc ? (loc.IsAbsoluteUri ? loc : new Uri(request.Uri, loc)) : null;
                return Attempt.Succeeded(new ApiResponse(status, json, location));
            }

            (string? code, string? text, string? retryAfter) = ReadError(json);
            FailureKind kind = RetryPolicy.Classify(status, code, text);
            TimeSpan? advertised = RetryPolicy.Advertised(response.Headers, retryAfter, status);
            return Attempt.Failed(_errors(Describe(request), status, code, text, request.Uri), kind, advertised: advertised);
        }
    }

    private HttpRequestMessage Build(ApiRequest request)
    {
        HttpRequestMessage message = new(request.Method, request.Uri);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (request.JsonMediaType != "application/json")
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(request.JsonMediaType));
        }
        foreach (var header in request.SecretHeaders)
        {
            message.Headers.TryAddWithoutValidation(header.Key, SecretText.Reveal(header.Value));
        }
        if (request.Json is not null || request.JsonText is not null)
        {
            message.Content = new StringContent(request.JsonText ?? request.Json!.ToString(Formatting.None), Encoding.UTF8, request.JsonMediaType);
            message.Content.Headers.ContentType!.CharSet = null;
        }
        else if (request.Form is { } form)
        {
            message.Content = new FormUrlEncodedContent(form);
        }
        return message;
    }

    // Nothing reads a token's line and position; keeping them costs an object per token (a 1,000-user page has 30,000).
    private static readonly JsonLoadSettings WithoutLineInfo = new() { LineInfoHandling = LineInfoHandling.Ignore };

    /// <summary>Parses without turning date-like strings into dates or decimals into doubles, so whole-object PUTs send back exactly what came.</summary>
    internal static JToken ParseExact(string body)
    {
        using JsonTextReader reader = new(new System.IO.StringReader(body))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };
        JToken token = JToken.ReadFrom(reader, WithoutLineInfo);
        if (reader.Read() && reader.TokenType != JsonToken.Comment)
        {
            throw new JsonReaderException("Additional text after the JSON value.");
        }
        return token;
    }

    internal static string Describe(ApiRequest request) => $"{request.Method} {request.Uri.AbsolutePath}";

    private static (string? Code, string? Message, string? RetryAfter) ReadError(JToken? json)
    {
        if (json is not JObject o)
        {
            return (null, null, null);
        }
        if (o["error"] is JObject graph)
        {
            // Microsoft Graph: {"error":{"code","message"}}.
            return ((string?)graph["code"], (string?)graph["message"], null);
        }
        // ZIA {code, message}, OAuth {error, error_description}, SCIM {scimType, detail}, Okta {errorCode, errorSummary, errorCauses}.
        string? code = (string?)o["code"] ?? (string?)o["error"] ?? (string?)o["scimType"] ?? (string?)o["errorCode"];
        string? message = (string?)o["message"] ?? (string?)o["detail"] ?? (string?)o["error_description"] ?? (string?)o["errorSummary"];
        if (o["errorCauses"] is JArray causes)
        {
            string[] said = causes.OfType<JObject>().Select(c => (string?)c["errorSummary"]).Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).ToArray();
            if (said.Length > 0)
            {
                message = $"{message} ({string.Join("; ", said)})";
            }
        }
        return (code, message, (string?)o["Retry-After"]);
    }

    private static bool LooksLikeMarkup(string body) => body.TrimStart().StartsWith("<", StringComparison.Ordinal);

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }
        return ex.Message;
    }

    public void Dispose() => _http.Dispose();

    private sealed class Attempt
    {
        public ApiResponse? Response { get; private set; }

        public ZiaException? Failure { get; private set; }

        public FailureKind Kind { get; private set; }

        public TimeSpan? Advertised { get; private set; }

        public bool Dropped { get; private set; }

        public string Summary => Failure?.StatusCode is { } s ? $"{s} {Failure.ServiceCode}".TrimEnd() : Failure?.ErrorId ?? string.Empty;

        public static Attempt Succeeded(ApiResponse response) => new() { Response = response };

        public static Attempt Failed(ZiaException failure, FailureKind kind, TimeSpan? advertised = null, bool dropped = false) =>
            new() { Failure = failure, Kind = kind, Advertised = advertised, Dropped = dropped };
    }
}
