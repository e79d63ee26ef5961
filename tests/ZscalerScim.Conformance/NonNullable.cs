using System.Reflection;

namespace ZscalerScim.Conformance;

/// <summary>
/// The properties Graph's v1.0 metadata declares without Nullable (so the service always writes them), per type, as the
/// SDK names them. Source: Microsoft Graph v1.0 OpenAPI description (msgraph-metadata, openapi/v1.0), the schemas
/// microsoft.graph.synchronizationJob, synchronizationSchedule, synchronizationStatus, synchronizationTaskExecution,
/// synchronizationQuarantine, synchronizationError and servicePrincipal: a property with "nullable": true is left out.
/// </summary>
public static class NonNullable
{
    public static readonly string[] SynchronizationJob = ["Id", "Schedule", "Status", "SynchronizationJobSettings"];
    public static readonly string[] SynchronizationSchedule = ["Interval", "State"];
    public static readonly string[] SynchronizationStatus =
        ["Code", "CountSuccessiveCompleteFailures", "EscrowsPruned", "Progress", "SteadyStateFirstAchievedTime", "SteadyStateLastAchievedTime", "SynchronizedEntryCountByType"];
    public static readonly string[] SynchronizationTaskExecution =
        ["CountEntitled", "CountEntitledForProvisioning", "CountEscrowed", "CountEscrowedRaw", "CountExported", "CountExports", "CountImported",
         "CountImportedDeltas", "CountImportedReferenceDeltas", "State", "TimeBegan", "TimeEnded"];
    public static readonly string[] SynchronizationQuarantine = ["CurrentBegan", "NextAttempt", "Reason", "SeriesBegan", "SeriesCount"];
    public static readonly string[] SynchronizationError = ["TenantActionable"];
    public static readonly string[] ServicePrincipal =
        ["Id", "AddIns", "AlternativeNames", "AppRoleAssignmentRequired", "AppRoles", "KeyCredentials", "NotificationEmailAddresses",
         "Oauth2PermissionScopes", "PasswordCredentials", "ReplyUrls", "ResourceSpecificApplicationPermissions", "ServicePrincipalNames", "Tags"];

    /// <summary>Fails naming every listed property the SDK left null after reading the answer.</summary>
    public static void Check(object? model, string[] properties, string what)
    {
        Assert.True(model is not null, $"{what} is missing");
        var missing = properties.Where(p => (model!.GetType().GetProperty(p, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{model.GetType().Name} has no property {p}")).GetValue(model) is null).ToList();
        Assert.True(missing.Count == 0, $"{what}: Graph never leaves these null, the emulator did: {string.Join(", ", missing)}");
    }
}
