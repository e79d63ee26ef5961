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

    /// <summary>
    /// Reads a service's error answer (its JSON body, or null): the pipeline knows no service, so each service's errors file
    /// has one (ZiaErrors, ScimErrors, GraphErrors, OktaErrors).
    /// </summary>
    internal delegate ServiceError ErrorReader(string call, int status, JToken? body, Uri target);

    private readonly ErrorReader _errors;

    public HttpPipeline(HttpClient http, RequestThrottle throttle, RetryPolicy retry, TimeSpan timeout, ErrorReader errors)
    {
        _http = http;
        _throttle = throttle;
        Retry = retry;
        Timeout = timeout;
        _errors = errors;
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
        // Every secret this call carries is remembered, so that no message shows it, whatever a server echoes. The body
        // is written and its secrets remembered before the slot is taken, so that a throttle counting from the send
        // sees the request leave at once.
        using HttpRequestMessage message = Build(request);
        foreach (var header in request.SecretHeaders)
        {
            SecretValues.Remember(header.Value);
        }
        if (request.Json is { } carried)
        {
            SecretRedactor.Remember(carried);
        }
        else if (request.Form is { } fields)
        {
            SecretRedactor.Remember(fields);
        }
        RequestThrottle.Slot? slot = request.Buckets.Count > 0
            ? await _throttle.AcquireAsync(request.Buckets, log, cancel).ConfigureAwait(false)
            : null;
        if (request.Authorize && Authorizer is not null)
        {
            await Authorizer.AuthorizeAsync(message, log, cancel).ConfigureAwait(false);
        }
        SecretValues.Remember(message.Headers.Authorization?.Parameter);
        if (request.Json is { } sent)
        {
            log.Debug(() => $"Request body: {SecretRedactor.Json(sent)}");
        }
        else if (request.JsonUtf8 is { } utf8)
        {
            log.Debug(() => $"Request body: {SecretRedactor.Body(Encoding.UTF8.GetString(utf8))}");
        }
        else if (request.Form is { } form)
        {
            log.Debug(() => $"Request body: {SecretRedactor.Form(form)}");
        }

        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(Timeout);
        Stopwatch watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            // Headers only: the body is read as a stream, within AnswerReader's limit.
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            slot?.Complete();
            return TimedOut(request, log);
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
            // A text answer asked for (text/csv), on success only: an error body or a proxy's page is read as usual.
            Func<System.IO.TextReader, object?>? readText = request.Text is { } wanted && response.IsSuccessStatusCode && mediaType is not null &&
                (string.Equals(mediaType, wanted.MediaType, StringComparison.OrdinalIgnoreCase) || string.Equals(mediaType, "text/plain", StringComparison.OrdinalIgnoreCase))
                ? wanted.Read
                : request.ReadJson is { } readJson && response.IsSuccessStatusCode && isJson ? text => ReadJsonExact(text, readJson) : null;
            AnswerBody body;
            try
            {
                // A timeout or Ctrl+C while the body streams in closes the response, which ends a read that waits.
                using (timeout.Token.Register(response.Dispose))
                {
                    body = await AnswerReader.ReadAsync(response.Content, isJson, readText).ConfigureAwait(false);
                }
            }
            catch (AnswerTooLargeException ex)
            {
                log.Verbose($"{Describe(request)} -> answer larger than {AnswerReader.MaxText}; not read further");
                return Attempt.Failed(new ZiaException(
                    "ZiaAnswerTooLarge", ErrorCategory.LimitsExceeded,
                    $"{Describe(request)} answered {status} with {(ex.Declared ? $"{response.Content!.Headers.ContentLength} bytes" : $"more than {AnswerReader.MaxText} (decompressed)")}, " +
                    $"beyond the {AnswerReader.MaxText} this module reads in one answer; a page of 1,000 SCIM users is about 2 MB. The server, or something between (a proxy), sent far more than was asked for: it was not read further and not tried again." +
                    (request.Method == HttpMethod.Get || status is >= 400 and < 500 ? string.Empty : " The service answered, so the change may have been made: check before repeating it."),
                    request.Uri, ex) { StatusCode = status }, FailureKind.Permanent);
            }
            catch (JsonException ex) when (!timeout.IsCancellationRequested)
            {
                return Attempt.Failed(new ZiaException(
                    "ZiaMalformedResponse", ErrorCategory.InvalidResult,
                    $"{Describe(request)} answered {status} with JSON that cannot be read ({ex.Message}). The service or something between may have cut the answer short; try again.",
                    request.Uri, ex) { StatusCode = status }, FailureKind.Permanent);
            }
            catch (Exception ex) when (ex is System.IO.IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException or JsonException)
            {
                cancel.ThrowIfCancellationRequested();
                if (timeout.IsCancellationRequested)
                {
                    return TimedOut(request, log, status);
                }
                string why = Innermost(ex);
                log.Verbose($"{Describe(request)} -> {status}, connection lost in the answer: {why}");
                return Attempt.Failed(new ZiaException(
                    "ZiaConnectionFailed", ErrorCategory.ConnectionError,
                    $"{Describe(request)} answered {status}, but the connection broke while the answer was read: {why}. The service or a proxy closed it; try again.",
                    request.Uri, ex) { StatusCode = status }, FailureKind.Unavailable, dropped: true);
            }
            JToken? json = body.Json;
            // A token endpoint's access_token, a generated bearer token: secrets from now on.
            SecretRedactor.Remember(json);
            log.Debug(() => $"Response body: {SecretRedactor.Answer(json, body.Length)}");

            if (status is >= 300 and < 400 && !request.Accept.Contains(status))
            {
                // Redirects are not followed (the session's cookies and token must not go along): say where it led.
                Uri? to = response.Headers.Location is { } loc ? (loc.IsAbsoluteUri ? loc : new Uri(request.Uri, loc)) : null;
                return Attempt.Failed(new ZiaException(
                    "ZiaUnexpectedResponse", ErrorCategory.InvalidResult,
                    $"{Describe(request)} answered {status}, a redirect to {(to is null ? "no address" : to.GetLeftPart(UriPartial.Path))}. API calls are never redirected: " +
                    "a proxy or captive portal sends its sign-in page this way, or the base URL is not the service's own (http instead of https, an old host name). " +
                    "Use the documented https base URL, or bypass the proxy for this host (-Proxy on Connect-Zia or Connect-ZiaScim).",
                    request.Uri) { StatusCode = status }, FailureKind.Permanent);
            }

            if (readText is not null)
            {
                return Attempt.Succeeded(new ApiResponse(status, null, null) { Text = body.Text });
            }

            if (body.Length > 0 && !isJson && (response.IsSuccessStatusCode || body.Markup))
            {
                return Attempt.Failed(new ZiaException(
                    "ZiaUnexpectedResponse", ErrorCategory.InvalidResult,
                    $"{Describe(request)} answered {status} with '{mediaType ?? "no content type"}' instead of JSON. A proxy or captive portal (often a Zscaler or corporate proxy page) may be intercepting the call: bypass it for this host, or pass -Proxy to Connect-Zia or Connect-ZiaScim.",
                    request.Uri) { StatusCode = status }, FailureKind.Permanent);
            }

            if (response.IsSuccessStatusCode || request.Accept.Contains(status))
            {
                Uri? location = response.Headers.Location is { } loc ? (loc.IsAbsoluteUri ? loc : new Uri(request.Uri, loc)) : null;
                return Attempt.Succeeded(new ApiResponse(status, json, location) { NextLink = AnswerReader.NextLink(response.Headers, request.Uri) });
            }

            ServiceError error = _errors(Describe(request), status, json, request.Uri);
            FailureKind kind = RetryPolicy.Classify(status, error.Busy);
            TimeSpan? advertised = RetryPolicy.Advertised(response.Headers, error.RetryAfter, status);
            return Attempt.Failed(error.Exception, kind, advertised: advertised);
        }
    }

    /// <param name="status">The status of an answer that began but did not finish in time.</param>
    private Attempt TimedOut(ApiRequest request, OperationLog log, int? status = null)
    {
        string what = status is { } began
            ? $"answered {began}, but the rest of its answer did not arrive within {Timeout.TotalSeconds:0.#} seconds"
            : $"got no answer within {Timeout.TotalSeconds:0.#} seconds";
        log.Verbose($"{Describe(request)} -> {what}");
        return Attempt.Failed(new ZiaException(
            "ZiaRequestTimeout", ErrorCategory.OperationTimeout,
            $"{Describe(request)} {what}. The service or a proxy is slow or unreachable; try again, or raise -TimeoutSec on Connect-Zia or Connect-ZiaScim.",
            request.Uri) { StatusCode = status }, FailureKind.Permanent);
    }

    private HttpRequestMessage Build(ApiRequest request)
    {
        HttpRequestMessage message = new(request.Method, request.Uri);
        if (request.Text is { } text)
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(text.MediaType));
        }
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (request.JsonMediaType != "application/json")
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(request.JsonMediaType));
        }
        foreach (var header in request.SecretHeaders)
        {
            message.Headers.TryAddWithoutValidation(header.Key, SecretText.Reveal(header.Value));
        }
        if (request.JsonUtf8 is { } utf8)
        {
            message.Content = new ByteArrayContent(utf8);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.JsonMediaType);
        }
        else if (request.Json is not null)
        {
            message.Content = new StringContent(request.Json.ToString(Formatting.None), Encoding.UTF8, request.JsonMediaType);
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
    internal static JToken ParseExact(string body) => ParseExact(new System.IO.StringReader(body));

    /// <inheritdoc cref="ParseExact(string)"/>
    internal static JToken ParseExact(System.IO.TextReader body)
    {
        using JsonTextReader reader = new(body)
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

    /// <summary>Streams a JSON answer through the caller's reader, with the same settings as <see cref="ParseExact(System.IO.TextReader)"/>.</summary>
    private static object? ReadJsonExact(System.IO.TextReader body, Func<JsonReader, object?> read)
    {
        using JsonTextReader reader = new(body)
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };
        object? result = read(reader);
        if (reader.Read() && reader.TokenType != JsonToken.Comment)
        {
            throw new JsonReaderException("Additional text after the JSON value.");
        }
        return result;
    }

    internal static string Describe(ApiRequest request) => $"{request.Method} {request.Uri.AbsolutePath}";


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
