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
using ZscalerScim.Zia;

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
            // On a ZIdentity tenant no identity provider is served: the list says so (and throws its guidance).
            if (session.IdentityManagement == ZiaIdentityManagement.Auto)
            {
                await ListAsync(session, log, cancel).ConfigureAwait(false);
            }
            throw NotFound(id.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>One identity provider, read fresh: by id, or by a name (wildcards allowed, but it must match exactly one).</summary>
    public static async Task<ZiaIdentityProvider> ResolveAsync(ZiaSession session, IdentityProviderRef reference, OperationLog log, CancellationToken cancel)
    {
        if (reference.Id is { } id)
        {
            return await GetAsync(session, id, log, cancel).ConfigureAwait(false);
        }
        string name = reference.Name!;
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
    }

    /// <summary>An exact name (any case) wins; otherwise * and ? are wildcards, and brackets literal ('Okta [Prod]' never means 'Okta P').</summary>
    public static IEnumerable<ZiaIdentityProvider> Match(IEnumerable<ZiaIdentityProvider> all, string name)
    {
        List<ZiaIdentityProvider> list = all.ToList();
        List<ZiaIdentityProvider> exact = list.Where(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count > 0)
        {
            return exact;
        }
        NamePattern pattern = NamePattern.Parse(name);
        return list.Where(i => pattern.IsMatch(i.Name));
    }

    /// <summary>The drift guard: throws, before anything is sent, when the object lacks a field about to be written.</summary>
    public static void RequireFields(ZiaIdentityProvider current, IEnumerable<string> fields) =>
        WholeObjectApi.Portal.RequireFields(current.Raw, fields, $"'{current.Name}'", current);

    /// <summary>
    /// Writes <paramref name="changes"/> on top of the whole object, then reads back and verifies them. A failure's
    /// <see cref="ZiaException.SaveState"/> says what the tenant holds: NotSaved (refused), Unknown (no clear answer to the
    /// PUT) or Unverified (accepted, but the read-back failed or differs).
    /// </summary>
    public static async Task<ZiaIdentityProvider> SaveAsync(ZiaIdentityProvider current, IDictionary<string, JToken> changes, OperationLog log, CancellationToken cancel)
    {
        ZiaSession session = current.Session;
        JObject saved = await WholeObjectApi.Portal.SaveAsync(current.Raw, changes,
            $"identity provider '{current.Name}' ({current.Id})", $"Get-ZiaIdentityProvider -Id {current.Id}", "ZiaIdentityProviderNotVerified",
            body => SendAsync(session, HttpMethod.Put, IdpWire.ItemPath(current.Id), body, log, cancel),
            async () => (await GetAsync(session, current.Id, log, cancel).ConfigureAwait(false)).Raw,
            current, log).ConfigureAwait(false);
        return IdpWire.ToModel(saved, session);
    }

    public static ZiaException Drift(string what, object? target = null) => WholeObjectApi.Portal.Drift(what, target);

    private static ZiaIdentityProvider Wrap(JToken? json, ZiaSession session)
    {
        if (json is not JObject o || o[IdpWire.Id] is null || o[IdpWire.Name] is null)
        {
            throw Drift($"an identity provider with the fields {IdpWire.Id} and {IdpWire.Name}");
        }
        return IdpWire.ToModel(o, session);
    }

    private static ZiaException NotFound(string reference) => new("ZiaIdentityProviderNotFound", ErrorCategory.ObjectNotFound,
        $"No identity provider '{reference}' was found. List them with Get-ZiaIdentityProvider.", reference);

    /// <summary>One call to the Admin Portal API, which only an API-key session can reach.</summary>
    internal static async Task<JToken?> SendAsync(ZiaSession session, HttpMethod method, string path, JToken? body, OperationLog log, CancellationToken cancel)
    {
        if (session.IdentityManagement == ZiaIdentityManagement.ZIdentity)
        {
            throw ZIdentity.ZIdentityGuidance.Named(session);
        }
        if (session.Portal is null)
        {
            throw new ZiaException("ZiaPortalRequiresApiKey", ErrorCategory.InvalidOperation,
                "Identity providers (SCIM switch, base URL, bearer token) are configured only through the ZIA Admin Portal API, which accepts only an admin login with an API key. " +
                "Zscaler publishes no OneAPI or documented ZIA API for them, so a OneAPI session cannot read or change them. Connect with Connect-Zia -Credential -ApiKey for these commands. " +
                "If the organization's identity providers are managed in ZIdentity, these commands do not apply: " + ZIdentity.ZIdentityGuidance.Steps(session),
                session);
        }
        Uri uri = new(session.Endpoints.PortalApi!, path);
        try
        {
            ApiResponse answer = await session.Portal.SendAsync(new ApiRequest(method, uri)
            {
                Json = body,
                Buckets = ServiceLimits.ZiaBuckets(method, uri),
                Idempotent = method != HttpMethod.Post,
            }, log, cancel).ConfigureAwait(false);
            return answer.Json;
        }
        catch (ZiaException ex) when (path == IdpWire.ListPath && ex.StatusCode is 403 or 404 && session.IdentityManagement == ZiaIdentityManagement.Auto)
        {
            throw ZIdentity.ZIdentityGuidance.Guessed(session, ex);
        }
    }
}
