using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Scim;

/// <summary>RFC 7644 calls over a <see cref="ScimConnection"/>, written for servers that differ from the emulator.</summary>
internal static class ScimClient
{
    private const string Bucket = "SCIM";
    private static readonly HttpMethod Patch = new("PATCH");
    private static readonly string[] Buckets = { Bucket };

    // Zscaler limits SCIM per tenant, not per connection: connections to one organization share a throttle.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, RequestThrottle> Throttles = new(StringComparer.OrdinalIgnoreCase);

    public static RequestThrottle Throttle(Uri baseUrl, double requestsPerSecond)
    {
        string tenant = baseUrl.GetLeftPart(UriPartial.Authority) + "/" + baseUrl.AbsolutePath.Trim('/').Split('/')[0];
        return Throttles.GetOrAdd($"{tenant}|{requestsPerSecond.ToString(CultureInfo.InvariantCulture)}", _ => NewThrottle(requestsPerSecond));
    }

    private static RequestThrottle NewThrottle(double requestsPerSecond) => RequestThrottle.Sending(new Dictionary<string, RateLimit[]>
    {
        // 5 a second is Zscaler's limit; below one a second, one request per 1/rate seconds.
        [Bucket] = new[]
        {
            requestsPerSecond >= 1
                ? new RateLimit((int)Math.Floor(requestsPerSecond), TimeSpan.FromSeconds(1))
                : new RateLimit(1, TimeSpan.FromSeconds(1 / requestsPerSecond)),
        },
    });

    public static Task<ApiResponse> SendAsync(ScimConnection connection, HttpMethod method, string path, JToken? body, OperationLog log, CancellationToken cancel, params int[] accept) =>
        connection.Pipeline.SendAsync(new ApiRequest(method, new Uri(connection.Root, path))
        {
            Json = body,
            JsonMediaType = ScimWire.MediaType,
            Buckets = Buckets,
            Idempotent = method != HttpMethod.Post,
            Accept = accept,
        }, log, cancel);

    /// <summary>Sends a JSON body already written as UTF-8 (a bulk request measured while it was built).</summary>
    public static Task<ApiResponse> SendTextAsync(ScimConnection connection, HttpMethod method, string path, byte[] json, OperationLog log, CancellationToken cancel,
        Func<JsonReader, object?>? readJson = null) =>
        connection.Pipeline.SendAsync(new ApiRequest(method, new Uri(connection.Root, path))
        {
            JsonUtf8 = json,
            JsonMediaType = ScimWire.MediaType,
            Buckets = Buckets,
            Idempotent = method != HttpMethod.Post,
            ReadJson = readJson,
        }, log, cancel);

    /// <summary>The server's capabilities, read once per connection.</summary>
    public static async Task<ScimCapabilities> CapabilitiesAsync(ScimConnection connection, OperationLog log, CancellationToken cancel)
    {
        if (connection.Capabilities is { } known)
        {
            return known;
        }
        ApiResponse answer = await SendAsync(connection, HttpMethod.Get, ScimWire.ServiceProviderConfig, null, log, cancel, 404, 501).ConfigureAwait(false);
        // A server without discovery gets what RFC 7644 makes mandatory: no Bulk, PATCH, filters, small pages.
        connection.Capabilities = answer.StatusCode < 300 && answer.Json is JObject config ? ScimResources.Capabilities(config) : ScimCapabilities.Minimal;
        if (answer.StatusCode < 300 && answer.Json is JObject said && ScimEndpointForm.FromConfig(said) is { } kind && kind != connection.Kind)
        {
            // The server's own word beats the URL's form; the throttle stays as connected.
            log.Verbose($"The base URL looks like {connection.Kind}, but the server's ServiceProviderConfig says {kind}: treated as {kind}. The rate stays {connection.RequestsPerSecond}/s; give Connect-ZiaScim -RequestsPerSecond to change it.");
            connection.Kind = kind;
        }
        log.Verbose($"SCIM server capabilities: {connection.Capabilities}.");
        return connection.Capabilities;
    }

    /// <summary>
    /// Reads a list page by page, handing each page's resources on as it arrives. Always sends startIndex and
    /// count, follows totalResults to the end, and copes with pages shorter than asked. A server that stops early
    /// (an empty page, or only items already read, while totalResults says more) gets a warning with the figures, or,
    /// when <paramref name="whole"/> (a sync plans from it), the terminating ScimListIncomplete. Reading stops, with no
    /// further request, once <paramref name="enough"/> says the caller has what it wants (-ResultSize of a wildcard).
    /// </summary>
    public static Task<int> ListAsync(ScimConnection connection, string resource, string? filter, string? extra,
        Action<JObject> onItem, int max, OperationLog log, CancellationToken cancel, bool whole = false, Func<bool>? enough = null)
    {
        HashSet<string> ids = new(StringComparer.Ordinal);
        return ListAsync(connection, resource, filter, extra, reader => JObject.Load(reader, WithoutLineInfo), item =>
        {
            // A server that ignores startIndex sends the same page again: never hand an item on twice.
            if (item["id"] is { } id && !ids.Add((string?)id ?? string.Empty))
            {
                return false;
            }
            onItem(item);
            return true;
        }, max, log, cancel, whole, enough);
    }

    private static readonly JsonLoadSettings WithoutLineInfo = new() { LineInfoHandling = LineInfoHandling.Ignore };

    /// <inheritdoc cref="ListAsync(ScimConnection, string, string?, string?, Action{JObject}, int, OperationLog, CancellationToken, bool, Func{bool}?)"/>
    /// <param name="readItem">Reads one resource from the answer as it streams in (the reader is on its StartObject, and is left on its EndObject):
    /// a page is never held as a JSON tree.</param>
    /// <param name="onItem">Takes an item; false when it was already handed on (the caller keeps the ids), which is not counted.</param>
    public static async Task<int> ListAsync<T>(ScimConnection connection, string resource, string? filter, string? extra,
        Func<JsonReader, T> readItem, Func<T, bool> onItem, int max, OperationLog log, CancellationToken cancel, bool whole = false, Func<bool>? enough = null)
    {
        ScimCapabilities capabilities = await CapabilitiesAsync(connection, log, cancel).ConfigureAwait(false);
        int pageSize = capabilities.FilterMaxResults > 0 ? Math.Min(capabilities.FilterMaxResults, 1000) : 100;
        int startIndex = 1, seen = 0;
        // A read of many pages (a sync's first step, Get-ZiaScimUser of a large tenant) shows how far it got.
        ProgressRecord? progress = null;
        System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
        int pages = 0, total = 0;
        bool stopped = false;
        while (seen < max && !stopped)
        {
            int count = Math.Min(pageSize, max - seen);
            string query = $"{resource}?startIndex={startIndex}&count={count}";
            if (filter is not null)
            {
                query += "&filter=" + Uri.EscapeDataString(filter);
            }
            if (extra is not null)
            {
                query += "&" + extra;
            }
            ApiResponse answer = await connection.Pipeline.SendAsync(new ApiRequest(HttpMethod.Get, new Uri(connection.Root, query))
            {
                JsonMediaType = ScimWire.MediaType,
                Buckets = Buckets,
                Idempotent = true,
                ReadJson = reader => ListPage<T>.Read(reader, readItem),
            }, log, cancel).ConfigureAwait(false);
            ListPage<T> page = answer.Text as ListPage<T> ?? new ListPage<T>();
            total = page.Total ?? page.Count;
            int fresh = 0;
            foreach (T item in page.Items.Take(max - seen))
            {
                if (!onItem(item))
                {
                    continue;
                }
                fresh++;
                seen++;
                if (enough?.Invoke() == true)
                {
                    stopped = true;
                    break;
                }
            }
            startIndex += page.Count;
            pages++;
            if (stopped || page.Count == 0 || fresh == 0 || startIndex > total)
            {
                break;
            }
            progress ??= new ProgressRecord(3, $"Reading SCIM {resource.ToLowerInvariant()}", connection.BaseUrl.ToString());
            ReadProgress(progress, seen, Math.Min(total, max), pages, page.Count, watch.Elapsed, connection.RequestsPerSecond);
            log.Progress(progress);
        }
        if (progress is not null)
        {
            progress.RecordType = ProgressRecordType.Completed;
            log.Progress(progress);
        }
        if (!stopped && seen < Math.Min(max, total))
        {
            Incomplete(connection, resource, seen, total, startIndex, whole, log);
        }
        return seen;
    }

    /// <summary>One page of a ListResponse, read as it streams in: totalResults, how many Resources it had, and the objects among them as the caller reads them.</summary>
    private sealed class ListPage<T>
    {
        public int? Total { get; private set; }

        public int Count { get; private set; }

        public List<T> Items { get; } = new();

        public static ListPage<T> Read(JsonReader reader, Func<JsonReader, T> readItem)
        {
            ListPage<T> page = new();
            if (!reader.Read())
            {
                throw new JsonReaderException("The answer has no JSON value.");
            }
            if (reader.TokenType != JsonToken.StartObject)
            {
                // Not a ListResponse: no resources.
                reader.Skip();
                return page;
            }
            foreach (string name in JsonWalk.Properties(reader))
            {
                switch (name)
                {
                    case "totalResults":
                        reader.Read();
                        page.Total = int.TryParse(Convert.ToString(reader.Value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out int said) ? said : null;
                        reader.Skip();
                        break;
                    case "Resources":
                        reader.Read();
                        if (reader.TokenType != JsonToken.StartArray)
                        {
                            reader.Skip();
                            break;
                        }
                        while (reader.Read() && reader.TokenType != JsonToken.EndArray)
                        {
                            page.Count++;
                            if (reader.TokenType == JsonToken.StartObject)
                            {
                                page.Items.Add(readItem(reader));
                            }
                            else
                            {
                                reader.Skip();
                            }
                        }
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            return page;
        }
    }

    /// <summary>A list read that ended before totalResults: what was read cannot be the server's whole list.</summary>
    private static void Incomplete(ScimConnection connection, string resource, int seen, int total, int startIndex, bool whole, OperationLog log)
    {
        string what = $"The SCIM server at {connection.BaseUrl} said it holds {total} {resource.ToLowerInvariant()}, but stopped answering with new ones at startIndex {startIndex}: {seen} of {total} were read";
        if (whole)
        {
            throw new ZiaException("ScimListIncomplete", ErrorCategory.InvalidResult,
                $"{what}. A sync plans from the server's whole list (a user it did not read would be created again, or one it missed taken for absent), so it stopped before writing anything. " +
                "Run it again; if it keeps happening, the server does not page correctly: compare Get-ZiaScimUser with what the server's own console shows, and ask its vendor.", connection.BaseUrl);
        }
        log.Add(c => c.WriteWarning($"{what}, so this list is incomplete. Run it again; if it keeps happening, the server does not page correctly."));
    }

    /// <summary>
    /// Pages read of the total (from totalResults and the page size the server keeps to), and the time left: the pages
    /// still to read at the slower of the pacing (requests a second) and the pace so far.
    /// </summary>
    internal static void ReadProgress(ProgressRecord progress, int seen, int total, int pages, int pageSize, TimeSpan elapsed, double requestsPerSecond)
    {
        int totalPages = Math.Max(pages, (int)Math.Ceiling((double)total / Math.Max(1, pageSize)));
        int left = totalPages - pages;
        double perPage = Math.Max(elapsed.TotalSeconds / Math.Max(1, pages), requestsPerSecond > 0 ? 1 / requestsPerSecond : 0);
        progress.StatusDescription = $"{seen} of {total}";
        progress.CurrentOperation = $"page {pages} of {totalPages}";
        progress.PercentComplete = (int)Math.Min(99, 100L * seen / Math.Max(1, total));
        progress.SecondsRemaining = (int)Math.Ceiling(left * perPage);
    }

    public static async Task<JObject?> FindOneAsync(ScimConnection connection, string resource, string filter, OperationLog log, CancellationToken cancel)
    {
        JObject? found = null;
        await ListAsync(connection, resource, filter, null, item => found ??= item, 1, log, cancel).ConfigureAwait(false);
        return found;
    }

    public static async Task<JObject> GetAsync(ScimConnection connection, string resource, string id, OperationLog log, CancellationToken cancel)
    {
        ApiResponse answer = await SendAsync(connection, HttpMethod.Get, ResourcePath(resource, id), null, log, cancel).ConfigureAwait(false);
        return answer.Json as JObject ?? throw Unexpected(connection, $"GET {resource}/{id}");
    }

    public static async Task<JObject> CreateAsync(ScimConnection connection, string resource, JObject body, OperationLog log, CancellationToken cancel)
    {
        ApiResponse answer = await SendAsync(connection, HttpMethod.Post, resource, body, log, cancel).ConfigureAwait(false);
        if (answer.Json is JObject created && created["id"] is not null)
        {
            return created;
        }
        // Some servers answer 201 with only a Location (absolute or relative): read the resource from there,
        // but only on the connection's own origin, since the bearer token goes with the request.
        if (answer.Location is { } location &&
            string.Equals(location.GetLeftPart(UriPartial.Authority), connection.Root.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            ApiResponse read = await connection.Pipeline.SendAsync(new ApiRequest(HttpMethod.Get, location) { JsonMediaType = ScimWire.MediaType, Buckets = Buckets, Idempotent = true }, log, cancel).ConfigureAwait(false);
            if (read.Json is JObject fetched)
            {
                return fetched;
            }
        }
        throw new ZiaException("ScimCreatedUnreadable", System.Management.Automation.ErrorCategory.InvalidResult,
            $"POST {resource} at {connection.BaseUrl} answered {answer.StatusCode}: the resource was most likely created, but the answer did not return it. Look it up (Get-ZiaScimUser or Get-ZiaScimGroup) before creating it again.",
            connection.BaseUrl);
    }

    /// <summary>PATCH; 200 with the resource or 204 without are both success. Returns the resource only when asked and available.</summary>
    public static async Task<JObject?> PatchAsync(ScimConnection connection, string resource, string id, JArray operations, bool wantResult, OperationLog log, CancellationToken cancel)
    {
        JObject body = new() { ["schemas"] = new JArray(ScimWire.PatchOp), ["Operations"] = operations };
        ApiResponse answer = await SendAsync(connection, Patch, ResourcePath(resource, id), body, log, cancel).ConfigureAwait(false);
        if (!wantResult)
        {
            return null;
        }
        return answer.Json as JObject ?? await GetAsync(connection, resource, id, log, cancel).ConfigureAwait(false);
    }

    public static Task DeleteAsync(ScimConnection connection, string resource, string id, OperationLog log, CancellationToken cancel) =>
        SendAsync(connection, HttpMethod.Delete, ResourcePath(resource, id), null, log, cancel);

    /// <summary>
    /// Whether an id can name one resource: a single path segment once escaped. "." and ".." would be resolved
    /// away and reach the collection (/Users/), and a slash or backslash could be read as a separator by a server.
    /// </summary>
    public static bool IsResourceId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id != "." && id != ".." && id!.IndexOfAny(new[] { '/', '\\' }) < 0 && !id.Any(char.IsControl);

    /// <summary>The path of one resource; refuses, before anything is sent, an id that is not one segment.</summary>
    public static string ResourcePath(string resource, string id) => IsResourceId(id)
        ? $"{resource}/{Uri.EscapeDataString(id)}"
        : throw new ZiaException("ScimInvalidId", System.Management.Automation.ErrorCategory.InvalidArgument,
            $"'{id}' is not a SCIM resource id: an id is one path segment, not empty, '.' or '..', and without '/', '\\' or control characters. Look the resource up by name instead (Get-ZiaScimUser, Get-ZiaScimGroup).",
            id);

    public static JObject Op(string op, string? path, JToken? value)
    {
        JObject o = new() { ["op"] = op };
        if (path is not null)
        {
            o["path"] = path;
        }
        if (value is not null)
        {
            o["value"] = value;
        }
        return o;
    }

    private static ZiaException Unexpected(ScimConnection connection, string call) => new("ScimUnexpectedResponse", System.Management.Automation.ErrorCategory.InvalidResult,
        $"{call} at {connection.BaseUrl} answered without the resource it should return.", connection.BaseUrl);
}
