using Marten;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Infrastructure;

/// <summary>
/// Stores written while Marten's single-stream projections kept the item and plan documents have integer revision
/// columns; the documents must keep numeric revisions, or starting on such a store fails converting them to uuid.
/// </summary>
public sealed class DocumentRevisionTests
{
    [Fact]
    public async Task Item_and_plan_documents_keep_integer_revision_columns()
    {
        await using var host = new PlanHost();
        host.CreateClient().Dispose();
        await using var session = host.Store.QuerySession();
        var types = await session.AdvancedSql.QueryAsync<string>(
            "select table_name || ' ' || data_type from information_schema.columns where table_schema = ? and column_name = 'mt_version' " +
            "and table_name in ('mt_doc_indicatordocument', 'mt_doc_taskdocument', 'mt_doc_plandocument') order by table_name",
            CancellationToken.None, host.Schema);
        types.ShouldBe(["mt_doc_indicatordocument bigint", "mt_doc_plandocument bigint", "mt_doc_taskdocument bigint"]);
    }
}
