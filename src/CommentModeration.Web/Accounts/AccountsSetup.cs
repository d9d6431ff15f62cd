namespace CommentModeration.Web.Accounts;

/// <summary>The readers' own accounts: their display name, their data, closing the account. Called from the host's table of contents.</summary>
public static class AccountsSetup
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        // Scoped: they work on the request's context, the one Identity's store saves through.
        services.AddScoped<DisplayNameChange>();
        services.AddScoped<AccountDeletion>();
        services.AddScoped<PersonalDataExport>();
        return services;
    }
}
