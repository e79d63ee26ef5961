using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Zia;

/// <summary>
/// The one way to change an object that the service replaces whole (PUT) and whose shape it may change: refuse
/// when a field about to be written is missing (drift, nothing sent), send back everything the service returned
/// with only the named fields changed, then read it back and verify. A failure's <see cref="ZiaException.SaveState"/>
/// says what the tenant holds.
/// </summary>
internal sealed class WholeObjectApi
{
    /// <summary>The one ErrorId for "the API is not what this module was built for".</summary>
    public const string ChangedErrorId = "ZiaApiChanged";

    public static readonly WholeObjectApi Portal = new("The Admin Portal API", "this undocumented API may have changed");

    public static readonly WholeObjectApi Zia = new("The ZIA API", "the API may have changed");

    private readonly string _name;
    private readonly string _drift;

    private WholeObjectApi(string name, string drift)
    {
        _name = name;
        _drift = drift;
    }

    public ZiaException Drift(string what, object? target = null) => new(ChangedErrorId, ErrorCategory.InvalidData,
        $"{_name} did not return {what}, which this module expects; {_drift}. Nothing was changed. Update ZscalerScim, or make the change in the Admin Portal.",
        target);

    /// <summary>The drift guard: throws, before anything is sent, when <paramref name="current"/> lacks a field about to be written.</summary>
    public void RequireFields(JObject current, IEnumerable<string> fields, string owner, object? target)
    {
        string[] missing = fields.Where(k => current.Property(k) is null).ToArray();
        if (missing.Length > 0)
        {
            throw Drift($"the field{(missing.Length > 1 ? "s" : string.Empty)} {string.Join(", ", missing)} on {owner}", target);
        }
    }

    /// <summary>Writes <paramref name="changes"/> on top of the whole object, then reads it back and verifies them.</summary>
    /// <param name="what">What is saved, for messages: "identity provider 'Okta' (71234)".</param>
    /// <param name="check">The command that shows what the tenant holds: "Get-ZiaIdentityProvider -Id 71234".</param>
    public async Task<JObject> SaveAsync(JObject current, IDictionary<string, JToken> changes, string what, string check, string notVerifiedId,
        Func<JObject, Task> put, Func<Task<JObject>> readBack, object target, OperationLog log)
    {
        RequireFields(current, changes.Keys, what, target);
        JObject body = (JObject)current.DeepClone();
        foreach (KeyValuePair<string, JToken> change in changes)
        {
            body[change.Key] = change.Value.DeepClone();
        }
        log.Verbose($"Saving {what}: {Describe(changes)}.");
        try
        {
            await put(body).ConfigureAwait(false);
        }
        catch (ZiaException ex) when (ex.SaveState == SaveState.Unknown)
        {
            throw new ZiaException("ZiaSaveUnconfirmed", ex.Category,
                $"Saving {what} got no clear answer, so it may or may not have been saved: {ex.Message} " +
                $"Check it with {check} before anything activates changes (Publish-ZiaChange, or an admin session ending).",
                target, ex) { StatusCode = ex.StatusCode, SaveState = SaveState.Unknown };
        }

        JObject saved;
        try
        {
            saved = await readBack().ConfigureAwait(false);
        }
        catch (ZiaException ex)
        {
            throw new ZiaException(notVerifiedId, ex.Category,
                $"The {what} was saved (the service accepted the write), but reading it back failed: {ex.Message} " +
                $"The tenant holds the change, saved and not activated. Check it with {check} before activating.",
                target, ex) { StatusCode = ex.StatusCode, SaveState = SaveState.Unverified };
        }
        string[] wrong = changes.Where(c => !JToken.DeepEquals(saved[c.Key], c.Value))
            .Select(c => $"{c.Key} = {Show(c.Key, saved[c.Key])} (expected {Show(c.Key, c.Value)})").ToArray();
        if (wrong.Length > 0)
        {
            throw new ZiaException(notVerifiedId, ErrorCategory.InvalidResult,
                $"The {what} was saved, but reading it back shows {string.Join("; ", wrong)}. " +
                $"The tenant now holds what {check} shows (saved, not activated); {_drift}. Check it in the Admin Portal before activating.",
                target) { SaveState = SaveState.Unverified };
        }
        return saved;
    }

    private static string Describe(IDictionary<string, JToken> changes) =>
        string.Join(", ", changes.Select(c => $"{c.Key} = {Show(c.Key, c.Value)}"));

    private static string Show(string field, JToken? value) =>
        SecretRedactor.IsSecretField(field) ? "(hidden)" : value?.ToString(Newtonsoft.Json.Formatting.None) ?? "(missing)";
}
