using System;
using System.Collections.Generic;
using System.Net.Http;
using Newtonsoft.Json.Linq;

namespace ZscalerScim.Http;

/// <summary>One call through the pipeline.</summary>
internal sealed class ApiRequest
{
    public ApiRequest(HttpMethod method, Uri uri)
    {
        Method = method;
        Uri = uri;
    }

    public HttpMethod Method { get; }

    public Uri Uri { get; }

    public JToken? Json { get; init; }

    /// <summary>A JSON body already written as UTF-8 (a bulk request measured while it was built), sent as it is; instead of <see cref="Json"/>.</summary>
    public byte[]? JsonUtf8 { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>>? Form { get; init; }

    /// <summary>Media type of a JSON body (SCIM wants application/scim+json).</summary>
    public string JsonMediaType { get; init; } = "application/json";

    /// <summary>Throttle buckets this call counts against; empty for unthrottled endpoints.</summary>
    public IReadOnlyList<string> Buckets { get; init; } = Array.Empty<string>();

    /// <summary>Extra headers whose values are secrets (a managed identity's X-IDENTITY-HEADER): revealed only into the message.</summary>
    public IReadOnlyList<KeyValuePair<string, System.Security.SecureString>> SecretHeaders { get; init; } =
        Array.Empty<KeyValuePair<string, System.Security.SecureString>>();

    /// <summary>False for the login and token calls themselves.</summary>
    public bool Authorize { get; init; } = true;

    /// <summary>Safe to send twice (a dropped connection may have reached the server).</summary>
    public bool Idempotent { get; init; }

    /// <summary>
    /// For an answer that is text, not JSON (a CSV report): its media type, sent as Accept, and the reader that consumes it as it
    /// streams in (within the answer limit). What the reader returns is <see cref="ApiResponse.Text"/>; what it throws fails the call.
    /// </summary>
    public (string MediaType, Func<System.IO.TextReader, object?> Read)? Text { get; init; }

    /// <summary>
    /// For a large JSON answer read into the caller's own shape (a page of users): the reader that consumes a successful
    /// answer as it streams in, token by token, instead of building it as a JSON tree first. What it returns is
    /// <see cref="ApiResponse.Text"/>; a JsonException it throws fails the call as unreadable. Error answers are read as usual.
    /// </summary>
    public Func<Newtonsoft.Json.JsonReader, object?>? ReadJson { get; init; }

    /// <summary>Status codes that are an answer, not a failure (e.g. 404 for a lookup).</summary>
    public IReadOnlyCollection<int> Accept { get; init; } = Array.Empty<int>();
}

/// <summary>A successful answer.</summary>
internal sealed class ApiResponse
{
    public ApiResponse(int statusCode, JToken? json, Uri? location)
    {
        StatusCode = statusCode;
        Json = json;
        Location = location;
    }

    public int StatusCode { get; }

    /// <summary>The parsed body; null when the answer had none (204).</summary>
    public JToken? Json { get; }

    public Uri? Location { get; }

    /// <summary>What <see cref="ApiRequest.Text"/>'s reader returned, for a text answer.</summary>
    public object? Text { get; init; }

    /// <summary>The Link header's rel="next" (RFC 8288; Okta pages by it), absolute; null when there is none.</summary>
    public Uri? NextLink { get; init; }
}
