using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Internal;
using ZscalerScim.Scim;

namespace ZscalerScim.Sync;

/// <summary>
/// Settles a step whose write may have happened (<see cref="SaveState.Unknown"/>: the connection closed or timed
/// out before the answer, or a 5xx): reads the user back and reports what the server now holds. Nothing is sent
/// again, so a create is never repeated blindly; what is still missing is left to the next run, which plans
/// from a fresh read of the server.
/// </summary>
internal static class OutcomeSettler
{
    /// <summary>The outcome of a step: Error is null when the server holds what the step wanted.</summary>
    internal readonly struct Outcome
    {
        public Outcome(string? id, string? error)
        {
            Id = id;
            Error = error;
        }

        public string? Id { get; }

        public string? Error { get; }
    }

    /// <summary>Words every unsettled outcome starts with, so that a person reading the report sees it at once.</summary>
    public const string UnknownPrefix = "Outcome unknown:";

    public static async Task<Outcome> SettleAsync(ScimConnection connection, PlannedUser step, ZiaException lost, OperationLog log, CancellationToken cancel)
    {
        ScimUser? found;
        try
        {
            found = step.Action == ScimSyncAction.Created
                ? await ByUserNameAsync(connection, step.UserName, log, cancel).ConfigureAwait(false)
                : await ByIdAsync(connection, step.Id!, log, cancel).ConfigureAwait(false);
        }
        catch (ZiaException readBack)
        {
            return new Outcome(step.Id,
                $"{UnknownPrefix} the answer to this write was lost or unreadable ({lost.Message}), and reading the user back to see what the server holds failed too ({readBack.Message}). " +
                "The server may or may not have made the change. Nothing was sent again; the next sync reads the server afresh and sends only what is still missing, so it converges.");
        }

        string? id = found?.Id;
        List<string> differs = new();
        switch (step.Action)
        {
            case ScimSyncAction.Created when found is not null:
                log.Verbose($"The answer to creating '{step.UserName}' was lost; reading back shows the server created it (id {id}).");
                return new Outcome(id, null);
            case ScimSyncAction.Created:
                return new Outcome(null,
                    $"The answer to creating this user was lost or unreadable ({lost.Message}); reading back shows the server has no user named '{step.UserName}' (a server still at work may yet create it). " +
                    "Nothing was sent again; the next sync creates it.");
            case ScimSyncAction.Deleted when found is null:
                return new Outcome(step.Id, null);
            case ScimSyncAction.Deleted:
                return new Outcome(step.Id,
                    $"The answer to deleting this user was lost or unreadable ({lost.Message}); reading back shows the user is still on the server. Nothing was sent again; the next sync deletes it.");
            case var _ when found is null:
                return new Outcome(step.Id,
                    $"The answer to this change was lost or unreadable ({lost.Message}); reading back finds no user with id '{step.Id}' on the server any more. The next sync plans again from what the server holds.");
            case var _ when step.Send!.ChangesFrom(UserFields.FromUser(found), differs).IsEmpty:
                log.Verbose($"The answer to changing '{step.UserName}' was lost; reading back shows the server holds the change.");
                return new Outcome(step.Id, null);
            default:
                return new Outcome(step.Id,
                    $"The answer to this change was lost or unreadable ({lost.Message}); reading back shows the server does not hold it ({string.Join("; ", differs)}; a server still at work may yet make it). Nothing was sent again; the next sync sends what is still missing.");
        }
    }

    private static async Task<ScimUser?> ByUserNameAsync(ScimConnection connection, string userName, OperationLog log, CancellationToken cancel) =>
        (await ScimUsers.ByUserNameAsync(connection, userName, log, cancel).ConfigureAwait(false)).FirstOrDefault();

    private static async Task<ScimUser?> ByIdAsync(ScimConnection connection, string id, OperationLog log, CancellationToken cancel)
    {
        var answer = await ScimClient.SendAsync(connection, HttpMethod.Get, ScimClient.ResourcePath(ScimWire.Users, id), null, log, cancel, 404).ConfigureAwait(false);
        return answer.StatusCode != 404 && answer.Json is JObject user ? ScimResources.User(user, connection) : null;
    }
}
