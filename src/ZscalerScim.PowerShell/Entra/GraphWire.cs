using System;

namespace ZscalerScim.Entra;

/// <summary>
/// Every Microsoft Graph, Microsoft identity platform and managed identity name the module uses: paths, fields, keys
/// (reference idp-apis.md, "Microsoft Entra ID"). The one place these facts are written down.
/// </summary>
internal static class GraphWire
{
    public const string DefaultGraph = "https://graph.microsoft.com";
    public const string DefaultLogin = "https://login.microsoftonline.com";

    // Sign-in.
    public const string GraphResource = "https://graph.microsoft.com/";
    public const string GraphScope = "https://graph.microsoft.com/.default";
    public const string ManagedIdentityApiVersion = "2019-08-01";
    public const string IdentityHeader = "X-IDENTITY-HEADER";
    public const string AccessToken = "access_token";
    public const string ExpiresIn = "expires_in";
    public const string ExpiresOn = "expires_on";

    // Set by Azure Automation (and App Service) in a sandbox whose account has a managed identity.
    public const string IdentityEndpointVariable = "IDENTITY_ENDPOINT";
    public const string IdentityHeaderVariable = "IDENTITY_HEADER";

    public static string TokenPath(string tenant) => $"{Uri.EscapeDataString(tenant)}/oauth2/v2.0/token";

    // Graph v1.0.
    public const string Value = "value";
    public const string Id = "id";
    public const string DisplayName = "displayName";
    public const string AppId = "appId";
    public const string TemplateId = "templateId";
    public const string Key = "key";

    public const string BaseAddress = "BaseAddress";
    public const string SecretToken = "SecretToken";
    public const string UseSavedCredentials = "useSavedCredentials";
    public const string Credentials = "credentials";
    public const string Criteria = "criteria";
    public const string ResetScope = "resetScope";

    /// <summary>The one reset scope the module sends, and only on -ReleaseDeleteQuarantine: it carries out the deletions the
    /// accidental-deletions threshold held back. Never Full ("all of the options", a DO-NOT-USE one and these deletions among them).</summary>
    public const string ForceDeletesScope = "ForceDeletes";

    public static string ServicePrincipal(string id) => $"v1.0/servicePrincipals/{Uri.EscapeDataString(id)}";

    /// <summary>OData string literal: a single quote is doubled.</summary>
    public static string ByDisplayName(string name) =>
        "v1.0/servicePrincipals?$filter=" + Uri.EscapeDataString($"displayName eq '{name.Replace("'", "''")}'") + "&$select=id,appId,displayName";

    public static string Jobs(string spId) => ServicePrincipal(spId) + "/synchronization/jobs";

    public static string Job(string spId, string jobId) => Jobs(spId) + "/" + Uri.EscapeDataString(jobId);

    public static string Secrets(string spId) => ServicePrincipal(spId) + "/synchronization/secrets";

    public static string ValidateCredentials(string spId, string jobId) => Job(spId, jobId) + "/validateCredentials";

    public static string Start(string spId, string jobId) => Job(spId, jobId) + "/start";

    public static string Restart(string spId, string jobId) => Job(spId, jobId) + "/restart";

    // A job's status.
    public const string Status = "status";
    public const string Code = "code";
    public const string LastExecution = "lastExecution";
    public const string LastSuccessfulExecution = "lastSuccessfulExecution";
    public const string State = "state";
    public const string TimeBegan = "timeBegan";
    public const string TimeEnded = "timeEnded";
    public const string CountEntitled = "countEntitled";
    public const string CountExported = "countExported";
    public const string Error = "error";
    public const string Message = "message";
    public const string Quarantine = "quarantine";
    public const string Reason = "reason";
    public const string SeriesBegan = "seriesBegan";
    public const string CountEscrowed = "countEscrowed";
    public const string SteadyStateFirstAchievedTime = "steadyStateFirstAchievedTime";

    public const string StatusQuarantine = "Quarantine";

    /// <summary>The quarantine reason of the accidental-deletions threshold: the job holds back deletions.</summary>
    public const string TooManyDeletes = "TooManyDeletes";
}
