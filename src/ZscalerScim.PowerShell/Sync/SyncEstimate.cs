using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// How long writing a plan takes at least: its requests (the changes, grouped by Bulk's maxOperations when the
/// server offers Bulk) at the connection's rate. At ZIA's 5 a second, 1,400,000 new users take 14,000 bulk
/// requests, about 47 minutes; one request each, 78 hours. A lower bound: a bulk request may carry fewer
/// operations to stay under maxPayloadSize, and retries come on top.
/// </summary>
internal sealed class SyncEstimate
{
    private SyncEstimate(int changes, int requests, int perRequest, double requestsPerSecond, bool capabilitiesKnown, string? how = null)
    {
        _how = how;
        Changes = changes;
        Requests = requests;
        PerRequest = perRequest;
        RequestsPerSecond = requestsPerSecond;
        CapabilitiesKnown = capabilitiesKnown;
        Duration = TimeSpan.FromSeconds(requests / Math.Max(0.001, requestsPerSecond));
    }

    private readonly string? _how;

    public int Changes { get; }

    public int Requests { get; }

    /// <summary>Changes a request carries: Bulk's maxOperations, else 1.</summary>
    public int PerRequest { get; }

    public double RequestsPerSecond { get; }

    /// <summary>False when the server's capabilities could not be read: then one request a change, the most it can take.</summary>
    public bool CapabilitiesKnown { get; }

    public TimeSpan Duration { get; }

    /// <summary>The estimate for <paramref name="changes"/> writes to a server with these capabilities (null: unknown).</summary>
    public static SyncEstimate For(int changes, ScimCapabilities? capabilities, double requestsPerSecond)
    {
        // The applier's rule: Bulk when the server offers it with more than one operation a request.
        int perRequest = capabilities is { Bulk: true, BulkMaxOperations: > 1 } ? capabilities.BulkMaxOperations : 1;
        return new SyncEstimate(changes, (changes + perRequest - 1) / perRequest, perRequest, requestsPerSecond, capabilities is not null);
    }

    /// <summary>Writes whose requests are counted already (no Bulk); <paramref name="how"/> says how, for the estimate's text.</summary>
    public static SyncEstimate Counted(int changes, int requests, double requestsPerSecond, string how) =>
        new(changes, requests, 1, requestsPerSecond, true, how);

    /// <summary>Reads the server's capabilities (once per connection, as the applier does) and estimates.</summary>
    public static async Task<SyncEstimate> ReadAsync(ScimConnection connection, int changes, OperationLog log, CancellationToken cancel)
    {
        ScimCapabilities? capabilities = null;
        if (changes > 0)
        {
            try
            {
                capabilities = await ScimClient.CapabilitiesAsync(connection, log, cancel).ConfigureAwait(false);
            }
            catch (ZiaException ex)
            {
                log.Verbose($"The server's capabilities could not be read ({ex.Message}); the estimate counts one request a change.");
            }
        }
        return For(changes, capabilities, connection.RequestsPerSecond);
    }

    /// <summary>"152 change(s) in at least 152 request(s) (no Bulk): about 31 s at 5 requests a second".</summary>
    public override string ToString()
    {
        string how = _how ?? (PerRequest > 1 ? $"Bulk, up to {PerRequest} a request" : CapabilitiesKnown ? "no Bulk" : "one a request: the server's capabilities are unknown");
        return $"{Changes} change(s) in at least {Requests} request(s) ({how}): about {Describe(Duration)} at {RequestsPerSecond.ToString("0.##", CultureInfo.InvariantCulture)} request(s) a second";
    }

    /// <summary>A duration as a person reads it: "31 s", "47 min", "78 h 20 min".</summary>
    public static string Describe(TimeSpan time)
    {
        if (time < TimeSpan.FromMinutes(1))
        {
            return $"{Math.Ceiling(time.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s";
        }
        int minutes = (int)Math.Ceiling(time.TotalMinutes);
        return minutes < 60 ? $"{minutes} min" : $"{minutes / 60} h {minutes % 60} min";
    }
}
