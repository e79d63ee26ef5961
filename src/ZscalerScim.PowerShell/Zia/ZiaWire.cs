namespace ZscalerScim.Zia;

/// <summary>The ZIA admin API's paths and field names that the module uses (documented; reference "ZIA admin API").</summary>
internal static class ZiaWire
{
    public const string OrgInformationPath = "orgInformation";
    public const string StatusPath = "status";
    public const string ActivatePath = "status/activate";
    public const string AuthSettingsPath = "authSettings";
    public const string AdminUsersPath = "adminUsers";
    public const string UsersPath = "users";

    // Paging of /adminUsers and /users: page from 1; pageSize up to 1000 for /adminUsers.
    public const string Page = "page";
    public const string PageSize = "pageSize";
    public const string Search = "search";

    // GET /adminUsers
    public const string AdminId = "id";
    public const string AdminLoginName = "loginName";
    public const string AdminDisplayName = "userName";
    public const string AdminDisabled = "disabled";

    // GET /users
    public const string UserId = "id";
    public const string UserDisplayName = "name";
    public const string UserEmail = "email";
    public const string UserIsAdmin = "adminUser";
    public const string UserDepartment = "department";
    public const string UserComments = "comments";
    public const string ReferenceName = "name";

    // GET /status and POST /status/activate: {"status": ...}
    public const string Status = "status";
    public const string StatusActive = "ACTIVE";
    public const string StatusPending = "PENDING";
    public const string StatusInProgress = "INPROGRESS";

    // GET /orgInformation
    public const string OrgId = "orgId";
    public const string OrgName = "name";
    public const string CloudName = "cloudName";
    public const string PrimaryDomain = "pdomain";
    public const string Domains = "domains";
    public const string Country = "country";
    public const string Timezone = "timezone";

    // GET/PUT /authSettings
    public const string OrgAuthType = "orgAuthType";
    public const string SamlEnabled = "samlEnabled";
    public const string KerberosEnabled = "kerberosEnabled";
    public const string AutoProvision = "autoProvision";
    public const string MigrateToScim = "directorySyncMigrateToScimEnabled";
    public const string OneTimeAuth = "oneTimeAuth";
    public const string AuthFrequency = "authFrequency";
    public const string AuthCustomFrequency = "authCustomFrequency";
    public const string PasswordStrength = "passwordStrength";
    public const string PasswordExpiry = "passwordExpiry";
    public const string MobileAdminSamlIdpEnabled = "mobileAdminSamlIdpEnabled";

    // Event logs (help.zscaler.com/zia/event-logs): POST starts a report (a new one replaces the last), GET gives its
    // TaskInfo, GET .../download its CSV once COMPLETE, DELETE cancels. The calls share 2/s and 1000/h (Http/ServiceLimits).
    public const string EventLogReportPath = "eventlogEntryReport";
    public const string EventLogDownloadPath = "eventlogEntryReport/download";
    public const string EventLogCsvMediaType = "text/csv";

    // EventLogEntryRequest
    public const string EventStartTime = "startTime";
    public const string EventEndTime = "endTime";
    public const string EventCategory = "category";
    public const string EventSubcategories = "subcategories";
    public const string EventActionResult = "actionResult";
    public const string EventMessage = "message";
    public const string EventErrorCode = "errorCode";
    public const string EventStatusCode = "statusCode";
    public const string EventResultSuccess = "SUCCESS";
    public const string EventResultFailure = "FAILURE";

    // TaskInfo: status (only COMPLETE is documented), progressItemsComplete, progressEndTime, errorCode, errorMessage.
    public const string TaskStatus = "status";
    public const string TaskComplete = "COMPLETE";
    public const string TaskProgressItems = "progressItemsComplete";
    public const string TaskErrorCode = "errorCode";
    public const string TaskErrorMessage = "errorMessage";

    /// <summary>States after which a report will not complete (a guess: only COMPLETE is documented; others are polled until the timeout).</summary>
    public static readonly string[] TaskEnded = { "CANCELLED", "CANCELED", "ERROR", "FAILED", "EXPIRED", "ABORTED" };

    /// <summary>
    /// The CSV's column titles: not published beyond the portal's Event Logs columns ("message, result, error code and status
    /// code"), so these are the portal's titles, matched without regard to case, spaces or hyphens; a missing one fails naming it.
    /// </summary>
    public const string ColumnTime = "Time";
    public const string ColumnCategory = "Category";
    public const string ColumnSubCategory = "Sub-Category";
    public const string ColumnResult = "Result";
    public const string ColumnMessage = "Message";
    public const string ColumnErrorCode = "Error Code";
    public const string ColumnStatusCode = "Status Code";

    /// <summary>The category of SCIM client activity (a guess: the values are not published; the event log holds SCIM activity).</summary>
    public const string EventCategoryScim = "SCIM";
}
