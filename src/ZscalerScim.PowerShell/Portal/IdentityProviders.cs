using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Portal;

/// <summary>
/// Reads and writes identity providers through the undocumented Admin Portal API, guarded so that a wrong
/// guess about the API fails loudly and changes nothing: whole objects round-trip, a missing field stops the
/// write before it is sent, and every write is read back and verified.
/// </summary>
internal static class IdentityProviders
{
    public static async Task<IReadOnlyList<ZiaIdentityProvider>> ListAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        JToken json = await SendAsync(session, HttpMethod.Get, IdpWire.ListPath, null, log, cancel).ConfigureAwait(false) ?? new JArray();
        if (json is not JArray array)
        {
            throw Drift($"a list of identity providers, got a JSON {json.Type}");
        }
        return array.Select(item => Wrap(item, session)).ToList();
    }

    public static async Task<ZiaIdentityProvider> GetAsync(ZiaSession session, long id, OperationLog log, CancellationToken cancel)
    {
        try
        {
            JToken? json = await SendAsync(session, HttpMethod.Get, IdpWire.ItemPath(id), null, log, cancel).ConfigureAwait(false);
            return Wrap(json, session);
        }
        catch (ZiaException ex) when (ex.StatusCode == 404)
        {
            throw NotFound(id.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>One identity provider from an object, an id, or a name (wildcards allowed, but it must match exactly one).</summary>
    public static async Task<ZiaIdentityProvider> ResolveAsync(ZiaSession session, object reference, OperationLog log, CancellationToken cancel)
    {
        object value = reference is PSObject ps ? ps.BaseObject : reference;
        if (value is PSCustomObject && reference is PSObject bag)
        {
            // A row from Import-Csv or a hand-made object: use its id or name.
            value = (bag.Properties["IdentityProviderId"] ?? bag.Properties["Id"] ?? bag.Properties["IdentityProvider"] ?? bag.Properties["Name"])?.Value ?? value;
            if (value is PSObject inner)
            {
                value = inner.BaseObject;
            }
        }
        switch (value)
        {
            case ScimEndpoint endpoint:
                return await GetAsync(session, endpoint.IdentityProviderId, log, cancel).ConfigureAwait(false);
            case ZiaIdentityProvider idp:
                // Re-read: the piped object may be stale, and a write must send back the service's latest object.
                return await GetAsync(session, idp.Id, log, cancel).ConfigureAwait(false);
            case int or long:
                return await GetAsync(session, Convert.ToInt64(value, CultureInfo.InvariantCulture), log, cancel).ConfigureAwait(false);
            case string text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long id):
                return await GetAsync(session, id, log, cancel).ConfigureAwait(false);
            case string name:
                List<ZiaIdentityProvider> matches = Match(await ListAsync(session, log, cancel).ConfigureAwait(false), name).ToList();
                if (matches.Count == 1)
                {
                    return matches[0];
                }
                if (matches.Count == 0)
                {
                    throw NotFound(name);
                }
                throw new ZiaException("ZiaIdentityProviderAmbiguous", ErrorCategory.InvalidArgument,
                    $"'{name}' matches {matches.Count} identity providers ({string.Join(", ", matches.Select(m => $"'{m.Name}'"))}); this command needs exactly one, and nothing was changed. Give the full name or the id; to act on all of them, pipe them: Get-ZiaIdentityProvider '{name}' | <command> (try -WhatIf first).",
                    name);
            default:
                throw new ZiaException("ZiaInvalidIdentityProvider", ErrorCategory.InvalidArgument,
                    $"An identity provider is given as an object from Get-ZiaIdentityProvider, a name or an id, not a {value.GetType().Name}.", value);
        }
    }

    /// <summary>An exact name (any case) wins; otherwise the name is a wildcard ('Okta [Prod]' must not mean 'Okta P').</summary>
    public static IEnumerable<ZiaIdentityProvider> Match(IEnumerable<ZiaIdentityProvider> all, string name)
    {
        List<ZiaIdentityProvider> list = all.ToList();
        List<ZiaIdentityProvider> exact = list.Where(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count > 0)
        {
            return exact;
        }
        WildcardPattern pattern = new(name, WildcardOptions.IgnoreCase);
        return list.Where(i => i.Name is not null && pattern.IsMatch(i.Name));
    }

    /// <summary>The drift guard: throws, before anything is sent, when the object lacks a field about to be written.</summary>
    public static void RequireFields(ZiaIdentityProvider current, IEnumerable<string> fields)
    {
        string[] missing = fields.Where(k => current.Raw.Property(k) is null).ToArray();
        if (missing.Length > 0)
        {
            throw Drift($"the field{(missing.Length > 1 ? "s" : string.Empty)} {string.Join(", ", missing)} on '{current.Name}'", current);
        }
    }

    /// <summary>
    /// Writes <paramref name="changes"/> on top of the whole object, then reads back and verifies them. A failure's
    /// <see cref="ZiaException.SaveState"/> says what the tenant holds: NotSaved (refused), Unknown (no clear answer to the
    /// PUT) or Unverified (accepted, but the read-back failed or differs).
    /// </summary>
    public static async Task<ZiaIdentityProvider> SaveAsync(ZiaIdentityProvider current, IDictionary<string, JToken> changes, OperationLog log, CancellationToken cancel)
    {
        RequireFields(current, changes.Keys);

        JObject body = (JObject)current.Raw.DeepClone();
        foreach (KeyValuePair<string, JToken> change in changes)
        {
            body[change.Key] = change.Value.DeepClone();
        }
        string what = $"identity provider '{current.Name}' ({current.Id})";
        log.Verbose($"Saving identity provider '{current.Name}' ({current.Id}): {Describe(changes)}.");
        try
        {
            await SendAsync(current.Session, HttpMethod.Put, IdpWire.ItemPath(current.Id), body, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex) when (ex.SaveState == SaveState.Unknown)
        {
            throw new ZiaException("ZiaSaveUnconfirmed", ex.Category,
                $"Saving {what} got no clear answer, so it may or may not have been saved: {ex.Message} " +
                $"Check it with Get-ZiaIdentityProvider -Id {current.Id} before anything activates changes (Publish-ZiaChange, or an admin session ending).",
                current, ex) { StatusCode = ex.StatusCode, SaveState = SaveState.Unknown };
        }

        ZiaIdentityProvider saved;
        try
        {
            saved = await GetAsync(current.Session, current.Id, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            throw new ZiaException("ZiaIdentityProviderNotVerified", ex.Category,
                $"The {what} was saved (the service accepted the write), but reading it back failed: {ex.Message} " +
                "The tenant holds the change, saved and not activated. Check it with Get-ZiaIdentityProvider before activating.",
                current, ex) { StatusCode = ex.StatusCode, SaveState = SaveState.Unverified };
        }
        string[] wrong = changes.Where(c => !JToken.DeepEquals(saved.Raw[c.Key], c.Value))
            .Select(c => $"{c.Key} = {Show(c.Key, saved.Raw[c.Key])} (expected {Show(c.Key, c.Value)})").ToArray();
        if (wrong.Length > 0)
        {
            throw new ZiaException("ZiaIdentityProviderNotVerified", ErrorCategory.InvalidResult,
                $"The {what} was saved, but reading it back shows {string.Join("; ", wrong)}. " +
                "The tenant now holds what Get-ZiaIdentityProvider shows (saved, not activated); the Admin Portal API may have changed. Check it in the portal before activating.",
                saved) { SaveState = SaveState.Unverified };
        }
        return saved;
    }

    /// <summary>The portal's "Generate Token": a new token, not in force until saved on an IdP and activated.</summary>
    public static async Task<string> GenerateTokenAsync(ZiaSession session, OperationLog log, CancellationToken cancel)
    {
        JToken? json = await SendAsync(session, HttpMethod.Post, IdpWire.GeneratorPath, null, log, cancel).ConfigureAwait(false);
        string? token = (string?)json?[IdpWire.GeneratedToken];
        if (string.IsNullOrEmpty(token))
        {
            throw Drift($"a generated token in the field {IdpWire.GeneratedToken}");
        }
        return token!;
    }

    public static ZiaException Drift(string what, object? target = null) => new("ZiaPortalApiChanged", ErrorCategory.InvalidData,
        $"The Admin Portal API did not return {what}, which this module expects; the undocumented API may have changed. Nothing was changed. Update ZscalerScim, or make the change in the Admin Portal.",
        target);

    private static ZiaIdentityProvider Wrap(JToken? json, ZiaSession session)
    {
        if (json is not JObject o || o[IdpWire.Id] is null || o[IdpWire.Name] is null)
        {
            throw Drift($"an identity provider with the fields {IdpWire.Id} and {IdpWire.Name}");
        }
        return new ZiaIdentityProvider(o, session);
    }

    private static ZiaException NotFound(string reference) => new("ZiaIdentityProviderNotFound", ErrorCategory.ObjectNotFound,
        $"No identity provider '{reference}' was found. List them with Get-ZiaIdentityProvider.", reference);

    private static async Task<JToken?> SendAsync(ZiaSession session, HttpMethod method, string path, JToken? body, OperationLog log, CancellationToken cancel)
    {
        if (session.Portal is null)
        {
            throw new ZiaException("ZiaPortalRequiresApiKey", ErrorCategory.InvalidOperation,
                "Identity providers (SCIM switch, base URL, bearer token) are configured only through the ZIA Admin Portal API, which accepts only an admin login with an API key. " +
                "Zscaler publishes no OneAPI or documented ZIA API for them, so a OneAPI session cannot read or change them. Connect with Connect-Zia -Credential -ApiKey for these commands.",
                session);
        }
        Uri uri = new(session.Endpoints.PortalApi!, path);
        ApiResponse answer = await session.Portal.SendAsync(new ApiRequest(method, uri)
        {
            Json = body,
            Buckets = ServiceLimits.ZiaBuckets(method, uri),
            Idempotent = method != HttpMethod.Post,
        }, log, cancel).ConfigureAwait(false);
        return answer.Json;
    }

    private static string Describe(IDictionary<string, JToken> changes) =>
        string.Join(", ", changes.Select(c => $"{c.Key} = {Show(c.Key, c.Value)}"));

    private static string Show(string field, JToken? value) =>
        SecretRedactor.IsSecretField(field) ? "(hidden)" : value?.ToString(Newtonsoft.Json.Formatting.None) ?? "(missing)";
}
