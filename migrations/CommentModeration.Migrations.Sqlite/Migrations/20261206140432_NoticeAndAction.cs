using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommentModeration.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class NoticeAndAction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Country",
                table: "Reports",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LegalGround",
                table: "Reports",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReporterEmail",
                table: "Reports",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReporterName",
                table: "Reports",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Appeals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommentId = table.Column<long>(type: "INTEGER", nullable: false),
                    DecisionEventId = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstDeciderUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: true),
                    DecidedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DecidedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Appeals", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_CommentId",
                table: "Appeals",
                column: "CommentId");

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_DecidedAt_Id",
                table: "Appeals",
                columns: new[] { "DecidedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_DecisionEventId",
                table: "Appeals",
                column: "DecisionEventId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Appeals");

            migrationBuilder.DropColumn(
                name: "Country",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "LegalGround",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "ReporterEmail",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "ReporterName",
                table: "Reports");
        }
    }
}
