"""The `hsa-dsl` command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hsa_dsl.api import Act, load_act, shipped_act_path
from hsa_dsl.errors import HsaError, did_you_mean

ACT_HELP = "the .hsa act file (default: the shipped Household Service Act)"


def _fail(error: HsaError) -> None:
    click.echo(error.render(), err=True)
    sys.exit(1)


def _limits() -> dict:
    """The sizes of file the command reads, from the options given before it."""
    ctx = click.get_current_context(silent=True)
    return (ctx.find_root().obj if ctx is not None else None) or {}


def _load(act_path: str | None) -> Act:
    try:
        return load_act(act_path, _limits().get("act"))
    except HsaError as error:
        _fail(error)


def _write(output: str, text: str) -> None:
    """Write a file the user named; a folder that is missing or cannot be written to is the
    user's mistake, told as such."""
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(HsaError.single(f"cannot write it: {error.strerror or error}", file=output,
                              hint="check that the folder exists and that it can be written to"))


def _check_selection(act: Act, option: str, name: str | None) -> None:
    """`--why` and `--why-not` name a rule, an article (its number) or a provision; a name the
    act does not have would select nothing and say nothing, so it is refused."""
    if name is None:
        return
    checked = act.checked
    if name in checked.rules or name in checked.provisions or (name.isdigit() and int(name) in checked.articles):
        return
    _fail(HsaError.single(f"no rule or article named '{name}'", file=option,
                          hint=did_you_mean(name, [*checked.rules, *checked.provisions])
                          or "give a rule's name, an article's number (22) or a provision (art_22__para_1)"))


def _dump_json(data) -> str:
    from hsa_dsl.explain.verdict_json import dumps

    return dumps(data)


class _Group(click.Group):
    """Mistakes in acts and cases are reported by each command; anything else is a fault of
    hsa-dsl itself, reported as such in one paragraph (HSA_DEBUG=1 shows the traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except HsaError as error:
            _fail(error)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except RecursionError:
            click.echo("error: the act or the case nests expressions too deeply to be read", err=True)
            sys.exit(1)
        except Exception as error:  # noqa: BLE001 - the last line of defence before a traceback
            import os

            if os.environ.get("HSA_DEBUG") == "1":
                raise
            click.echo(f"internal error in hsa-dsl: {type(error).__name__}: {error}\n"
                       "  this is a fault of hsa-dsl, not of your act or case; "
                       "run again with HSA_DEBUG=1 to see where it happened", err=True)
            sys.exit(2)


def _size(text: str) -> int:
    """A size in bytes: 1000000, 16M, 16MiB, 512k."""
    import re

    match = re.fullmatch(r"\s*([0-9]+)\s*([kKmMgG]?)(?:i?[bB])?\s*", text)
    if not match:
        raise click.BadParameter(f"{text!r} is not a size in bytes (such as 1000000 or 64M)")
    return int(match.group(1)) * {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}[match.group(2).lower()]


@click.group(cls=_Group)
@click.version_option(package_name="hsa-dsl")
@click.option("--max-act-bytes", metavar="SIZE", help="read act files of up to this size (default 8M)")
@click.option("--max-case-bytes", metavar="SIZE", help="read case files of up to this size (default 16M)")
@click.pass_context
def main(ctx, max_act_bytes, max_case_bytes) -> None:
    """Rules of the Household Service Act (Workers' Version) that run and explain themselves."""
    ctx.obj = {"act": _size(max_act_bytes) if max_act_bytes else None,
               "case": _size(max_case_bytes) if max_case_bytes else None}


@main.command("check")
@click.argument("act_path", metavar="[ACT]", required=False, type=click.Path(dir_okay=False))
def check_command(act_path):
    """Parse and check an act; print a one-line summary, or every error."""
    act = _load(act_path)
    checked = act.checked
    name = act_path or shipped_act_path().name
    if not checked.articles:
        # an act decides nothing outside its articles: an empty one is a mistake (a file that is
        # not an act, or one whose lines could not be told apart)
        _fail(HsaError.single("the act has no articles", file=name,
                              hint="an act gives its rules inside `article N ... end` blocks"))
    informative = sum(1 for a in checked.articles.values() if a.informative is not None)
    click.echo(f"{name}: ok: {len(checked.articles)} articles ({informative} informative), "
               f"{len(checked.rules)} rules, {len(checked.inputs)} inputs, "
               f"{len(checked.definitions)} definitions, {len(checked.parameters)} parameters")


@main.command("lsp")
def lsp_command():
    """Serve editors as a language server (LSP) on standard input and output."""
    try:
        from hsa_dsl.lsp.server import serve
    except ImportError as error:
        if (error.name or "").split(".")[0] not in ("pygls", "lsprotocol"):
            raise
        raise click.ClickException("the language server needs pygls: pip install 'hsa-dsl[lsp]'") from None
    serve(_limits().get("act"))


DATABASE_HELP = ("the database of the case list and the users: a SQLAlchemy URL, such as "
                 "postgresql+psycopg://user@host/hsa (by default a SQLite file of your own, "
                 "~/.local/share/hsa-dsl/cases.sqlite3)")


@main.command("serve")
@click.option("--act", "act_path", type=click.Path(dir_okay=False), help=ACT_HELP)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="the address to serve on: on this machine (127.0.0.1, localhost or ::1) no login is asked; "
                   "on any other address, a login (create a user first with `hsa-dsl create-user`)")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--database", "database_url", metavar="URL", help=DATABASE_HELP)
@click.option("--ssl-certfile", type=click.Path(dir_okay=False, exists=True),
              help="serve HTTPS with this certificate (PEM), as a login beyond this machine should be")
@click.option("--ssl-keyfile", type=click.Path(dir_okay=False, exists=True), help="the certificate's private key (PEM)")
def serve_command(act_path, host, port, database_url, ssl_certfile, ssl_keyfile):
    """Serve the interview that builds a case from the act's questions, the case list, and the JSON
    API (evaluate a case, the case schema, the OpenAPI description)."""
    from hsa_dsl.serve import REMOTE_REFUSED, is_local

    try:
        import uvicorn

        from hsa_dsl.serve.app import create_app
        from hsa_dsl.serve.store import default_database_url, engine_for, has_users
    except ImportError as error:
        if (error.name or "").split(".")[0] not in ("starlette", "uvicorn", "jinja2", "sqlalchemy", "alembic"):
            raise
        raise click.ClickException("serving needs the serve extra: pip install 'hsa-dsl[serve]'") from None
    url = database_url or default_database_url()
    login_required = not is_local(host)
    if login_required and not has_users(engine_for(url)):
        _fail(HsaError.single(REMOTE_REFUSED, file="--host",
                              hint="create a user with `hsa-dsl create-user NAME` (with the same --database), "
                                   "or serve on 127.0.0.1, localhost or ::1"))
    if bool(ssl_certfile) != bool(ssl_keyfile):
        _fail(HsaError.single("HTTPS needs both the certificate and its key", file="--ssl-certfile",
                              hint="give --ssl-certfile and --ssl-keyfile together"))
    if login_required and not ssl_certfile:
        # passwords and cases would cross the network as they are typed: said, not refused, for a
        # server behind a proxy that speaks HTTPS for it
        click.echo("warning: served beyond this machine without HTTPS: passwords and cases cross the network "
                   "unencrypted unless a proxy in front speaks HTTPS (or give --ssl-certfile and --ssl-keyfile)",
                   err=True)
    app = create_app(_load(act_path), _limits().get("case"), database_url=url, login_required=login_required)
    tls = {"ssl_certfile": ssl_certfile, "ssl_keyfile": ssl_keyfile} if ssl_certfile else {}
    uvicorn.run(app, host=host, port=port, **tls)


@main.command("create-user")
@click.argument("username")
@click.option("--database", "database_url", metavar="URL", help=DATABASE_HELP)
@click.password_option(help="the password (asked for, twice, if not given); at least 10 characters")
def create_user_command(username, database_url, password):
    """Create a user who may log in to `hsa-dsl serve` when it is served beyond this machine."""
    try:
        from hsa_dsl.serve.auth import create_user
        from hsa_dsl.serve.store import default_database_url, engine_for
    except ImportError:
        raise click.ClickException("users need the serve extra: pip install 'hsa-dsl[serve]'") from None
    try:
        create_user(engine_for(database_url or default_database_url()), username, password)
    except ValueError as refused:
        _fail(HsaError.single(str(refused), file="create-user"))
    click.echo(f"user {username.strip()} created")


@main.command("compile")
@click.argument("act_path", metavar="[ACT]", required=False, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="the Python file to write")
def compile_command(act_path, output):
    """Write the Python module generated from an act."""
    act = _load(act_path)
    _write(output, act.python_source())
    click.echo(f"wrote {output}")


@main.command("explain")
@click.argument("case", type=click.Path(dir_okay=False))
@click.option("--act", "act_path", type=click.Path(dir_okay=False), help=ACT_HELP)
@click.option("--format", "output_format", type=click.Choice(["text", "json", "md", "html"]), default="text",
              show_default=True)
@click.option("--lang", "language", default="en", show_default=True,
              help="the language of the explanation: en, zh, id, vi, tl, th (and any other the act has templates for)")
@click.option("--for", "audience", type=click.Choice(["worker", "advocate", "expert"]), default="worker",
              show_default=True,
              help="who reads it: the worker (plain words, in her language), her advocate (with the "
                   "articles, dates, facts and workings), an expert (the full trace)")
@click.option("--why", "why", metavar="RULE_OR_ARTICLE", help="explain only this rule's or article's findings")
@click.option("--why-not", "why_not", metavar="RULE_OR_ARTICLE",
              help="explain why this rule (or this article's rules) gave no finding")
@click.option("--contacts", "contacts", type=click.Path(dir_okay=False), metavar="FILE",
              help="where to get help: a YAML file of contacts shown at the end of the report "
                   "(default: the act's own, beside it)")
@click.option("--letter", "letter", is_flag=True,
              help="write the worker's complaint to the labour affairs bureau (勞工局), in Chinese, "
                   "and the same letter in her language (--lang) so that she knows what is sent")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="write the explanation to this file instead of the terminal")
@click.pass_context
def explain_command(ctx, case, act_path, output_format, language, audience, why, why_not, contacts, letter,
                    output):
    """Evaluate CASE (a JSON or YAML file) and explain the findings article by article."""
    from hsa_dsl.explain import render
    from hsa_dsl.cases import load_case_file
    from hsa_dsl.explain.explanation import explain, load_templates

    if letter:
        _check_letter_options(ctx, output_format, why, why_not)
    act = _load(act_path)
    _check_selection(act, "--why", why)
    _check_selection(act, "--why-not", why_not)
    try:
        templates = load_templates(act, language)
        raw = load_case_file(case, _limits().get("case"))
        verdict = act.evaluate(raw, trace=True, file=case)
        explanation = explain(act, verdict, raw, Path(case).name, language, only=why, why_not=why_not,
                              contacts=contacts)
    except HsaError as error:
        _fail(error)
    if letter:
        text = _letter(act, explanation, case, output_format)
    elif output_format == "json":
        from hsa_dsl.explain.verdict_json import verdict_json

        text = _dump_json(verdict_json(verdict, explanation, templates, Path(case).name, audience))
    elif audience != "expert" and output_format == "md":
        text = render.report_markdown(explanation, templates, audience)
    elif audience != "expert" and output_format == "html":
        text = render.report_html(explanation, templates, audience)
    elif audience != "expert":
        text = render.report_text(explanation, templates, audience, output is None and sys.stdout.isatty())
    elif output_format == "md":
        text = render.markdown(explanation, templates)
    elif output_format == "html":
        text = render.html_page(explanation, templates)
    else:
        colour = output is None and sys.stdout.isatty()
        text = render.text(explanation, templates, colour)
    if output:
        _write(output, text)
    else:
        click.echo(text, nl=False)


def _check_letter_options(ctx, output_format: str, why: str | None, why_not: str | None) -> None:
    """A letter is the whole case told to the labour authority, to print or send: the options
    that choose a report's reader, select findings or write JSON have no meaning for it."""
    from click.core import ParameterSource

    if output_format == "json":
        raise click.UsageError("--letter writes a letter to print or send: give --format text, md or html")
    if why is not None or why_not is not None:
        raise click.UsageError("--letter complains of every breach of the case: it cannot be used with --why or --why-not")
    if ctx.get_parameter_source("audience") is not ParameterSource.DEFAULT:
        raise click.UsageError("--letter is the complaint itself, for the worker and her advocate alike: "
                               "it cannot be used with --for")


def _letter(act: Act, explanation, case: str, output_format: str) -> str:
    from hsa_dsl.explain import letter

    if not letter.has_breach(explanation):
        # nothing to complain of: no letter, rather than a complaint with nothing in it
        click.echo(f"no letter: {Path(case).name} shows no breach of the Act, so there is nothing to complain of\n"
                   f"  hint: `hsa-dsl explain {Path(case).name}` tells what the worker is owed and what the case "
                   "does not say", err=True)
        sys.exit(1)
    try:
        letters = letter.build_letters(act, explanation)
    except HsaError as error:
        _fail(error)
    if output_format == "md":
        return letter.letters_markdown(letters)
    if output_format == "html":
        return letter.letters_html(letters)
    return letter.letters_text(letters)


@main.command("templates")
@click.argument("act_path", metavar="[ACT]", required=False, type=click.Path(dir_okay=False))
def templates_command(act_path):
    """Check the act's sentence templates: every rule has a sentence, and the act and each of its
    articles a title, in every language; every number a sentence writes in digits comes from its
    rule; where the act's files give labels (`fields`), every definition has a name and every
    field of the case a label, in every language; where they give help for the interview
    (`help`), every field and every enumeration member has a help sentence and a word, in every
    language; where one language gives the act's checks in its words (`checks`), every language
    but English does."""
    from hsa_dsl.explain.explanation import available_languages, check_templates, load_templates

    act = _load(act_path)
    problems = check_templates(act)
    for problem in problems:
        click.echo(f"error: {problem}")
    languages = ", ".join(available_languages(act))
    if problems:
        click.echo(f"{len(problems)} problems with the templates ({languages})")
        sys.exit(1)
    given = [load_templates(act, language) for language in available_languages(act)]
    if any(templates.help for templates in given):
        click.echo(f"every rule has a sentence, and every title, name, label and help is given, in {languages}")
    elif any(templates.fields for templates in given):
        click.echo(f"every rule has a sentence, and every title, name and label is given, in {languages}")
    else:
        click.echo(f"every rule has a sentence, and every title is given, in {languages}")


@main.command("schema")
@click.option("--act", "act_path", type=click.Path(dir_okay=False), help=ACT_HELP)
def schema_command(act_path):
    """Print the JSON Schema of the case format."""
    act = _load(act_path)
    click.echo(_dump_json(act.case_schema()), nl=False)


@main.command("articles")
@click.argument("act_path", metavar="[ACT]", required=False, type=click.Path(dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def articles_command(act_path, output_format):
    """The act's table of contents: every article with its status (rules / informative)."""
    from hsa_dsl.coverage import articles, render_articles

    act = _load(act_path)
    rows = articles(act)
    if output_format == "json":
        click.echo(_dump_json([r.to_json() for r in rows]), nl=False)
    else:
        click.echo(render_articles(act, rows), nl=False)


@main.command("render")
@click.argument("act_path", metavar="[ACT]", required=False, type=click.Path(dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["html", "md"]), default="html", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="write the document to this file instead of the terminal")
def render_command(act_path, output_format, output):
    """The act as a document to read: each article's text, with the rules that encode it beside it."""
    from hsa_dsl.literate import render_act

    text = render_act(_load(act_path), output_format)
    if output:
        _write(output, text)
    else:
        click.echo(text, nl=False)


@main.command("coverage")
@click.argument("act_path", metavar="[ACT]", required=False, type=click.Path(dir_okay=False))
@click.option("--cases", "cases", multiple=True, type=click.Path(), default=("examples",), show_default=True,
              help="case files or folders to evaluate (repeatable)")
@click.option("--tests", "records", multiple=True, type=click.Path(dir_okay=False),
              help="a record of the rules each test made apply, written by the test suite (repeatable)")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def coverage_command(act_path, cases, records, output_format):
    """For every rule, the cases and tests in which it applies and those in which it does not.

    Fails when an article that can be decided from facts has no rule, or a rule applies nowhere."""
    from hsa_dsl.coverage import coverage, render_coverage

    act = _load(act_path)
    try:
        report = coverage(act, cases, records)
    except HsaError as error:
        _fail(error)
    if output_format == "json":
        click.echo(_dump_json(report.to_json()), nl=False)
    else:
        click.echo(render_coverage(report), nl=False)
    sys.exit(0 if report.ok else 1)


@main.command("verify")
@click.argument("act_path", metavar="[ACT]", required=False, type=click.Path(dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--max-examples", default=200, show_default=True,
              help="random cases tried for a property the solver cannot settle")
@click.option("--entries", "list_bound", default=3, show_default=True, type=click.IntRange(min=1),
              help="the most entries the solver's search gives a list the act allows more than 8 "
                   "(or this many) entries; shorter lists are searched whole")
@click.option("--witnesses", "witness_dir", type=click.Path(file_okay=False),
              help="write each witness as a case file here, for `hsa-dsl explain`")
@click.option("--cases", "case_paths", multiple=True, type=click.Path(exists=True),
              help="case files (or folders of them) that show rules applying, tried before the solver "
                   "(repeatable)")
def verify_command(act_path, output_format, max_examples, list_bound, witness_dir, case_paths):
    """Prove that the rules do not contradict each other: conflicts, gaps, dead rules, duties
    that can never be breached (or always are), properties.

    Exit 0 when every question is proved for every case the act allows, 1 with findings, 3 when
    some question stays unknown, 4 when all is proved but only for lists shorter than the act
    allows (the last line says which)."""
    try:
        from hsa_dsl.prove.verify import render, verify
    except ImportError:
        _fail(HsaError.single("verify needs the solver: pip install 'hsa-dsl[prove]'"))
    act = _load(act_path)
    try:
        from hsa_dsl.cases import load_case_file

        cases = []
        for path in _case_files(case_paths):
            case = load_case_file(path)
            act.validate(case, str(path))
            cases.append(case)
        report = verify(act, list_bound=list_bound, max_examples=max_examples, cases=cases)
    except HsaError as error:
        _fail(error)
    if witness_dir:
        import yaml

        folder = Path(witness_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for i, answer in enumerate(report.findings + report.unknown):
            if answer.witness is not None:
                name = f"{i + 1:02}_{answer.kind}_{'_'.join(answer.subjects)}.yaml"
                case = {k: v for k, v in answer.witness.items() if k != "for all"}
                (folder / name).write_text(yaml.safe_dump(case, sort_keys=False, allow_unicode=True),
                                           encoding="utf-8")
    if output_format == "json":
        click.echo(_dump_json(report.to_json()), nl=False)
    else:
        click.echo(render(report), nl=False)
    sys.exit(report.exit_status)


def _case_files(paths) -> list[Path]:
    """The case files given: files as they are, folders as their YAML and JSON files in order."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
        else:
            found.append(path)
    return found


@main.command("test")
@click.argument("act_path", metavar="[ACT]", required=False, type=click.Path(dir_okay=False))
@click.argument("test_paths", metavar="[TESTS]...", nargs=-1, type=click.Path())
def test_command(act_path, test_paths):
    """Run the act's tests: YAML files that say what the act must decide for a case (default:
    the `tests` folder beside the act). Exit 1 if any fails, with what was expected, what was
    found, and why the rules decided so."""
    from hsa_dsl import act_tests

    act = _load(act_path)
    act_file = Path(act_path) if act_path else shipped_act_path()
    if not test_paths:
        folder = act_file.parent / "tests"
        if not folder.is_dir():
            _fail(HsaError.single(f"no tests folder beside the act ({folder.name}/)", file=str(act_file),
                                  hint="give the test files or folders after the act"))
        test_paths = (str(folder),)
    try:
        tests = act_tests.load_tests(test_paths, None if any(Path(p).is_file() for p in test_paths) else act_file.name)
    except HsaError as error:
        _fail(error)
    outcomes = act_tests.run(act, tests)
    click.echo(act_tests.render_outcomes(outcomes, Path.cwd()), nl=False)
    sys.exit(0 if outcomes and all(o.passed for o in outcomes) else 1)


@main.command("diff")
@click.argument("old_path", metavar="OLD.hsa", type=click.Path(dir_okay=False))
@click.argument("new_path", metavar="NEW.hsa", type=click.Path(dir_okay=False))
@click.option("--cases", "case_paths", multiple=True, type=click.Path(),
              help="case files, folders or JSON Lines files to decide under both texts (repeatable)")
@click.option("--general/--no-general", default=True, show_default=True,
              help="ask the solver whether any valid case is decided differently, with a witness for each rule")
@click.option("--entries", "list_bound", type=click.IntRange(min=1), default=3, show_default=True,
              help="entries searched in lists the act does not bound (as for verify)")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "md"]), default="text",
              show_default=True)
def diff_command(old_path, new_path, case_paths, general, list_bound, output_format):
    """What an amendment changes: the articles, rules and declarations that differ, the cases
    given that are decided differently (counted per article), and whether any valid case is
    (a witness for each rule that decides one differently). Exit 0 when nothing differs, 1 when
    something does."""
    from hsa_dsl import amendment
    from hsa_dsl.syntax import parse

    old, new = _load(old_path), _load(new_path)
    try:
        text = amendment.text_changes(parse(old.source), parse(new.source))
        cases = None
        if case_paths:
            cases = amendment.case_changes(old, new, amendment.read_cases(case_paths))
        answer = None
        if general:
            from hsa_dsl.prove.amendment import general_changes

            answer = general_changes(old, new, text, list_bound)
    except HsaError as error:
        _fail(error)
    report = amendment.AmendmentReport(old_path, new_path, tuple(text), cases, answer)
    if output_format == "json":
        click.echo(amendment.to_json_text(report), nl=False)
    else:
        click.echo(amendment.render_text(report, markdown=output_format == "md"), nl=False)
    sys.exit(1 if report.differs else 0)


@main.command("audit")
@click.argument("case_paths", metavar="CASES...", nargs=-1, required=True, type=click.Path())
@click.option("--act", "act_path", type=click.Path(dir_okay=False), help=ACT_HELP)
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="decide the cases in this many processes")
@click.option("--out", "output", type=click.Path(dir_okay=False), help="write the records to this file")
@click.option("--format", "output_format", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl",
              show_default=True, help="parquet: a row a case, as the CSV's (needs --out and pyarrow)")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False),
              help="also write the summary, as JSON, to this file")
@click.option("--backend", type=click.Choice(["auto", "batch", "scalar"]), default="auto", show_default=True,
              help="batch: decide many cases at once as arrays (needs numpy: pip install 'hsa-dsl[batch]'); "
                   "scalar: one by one; auto: batch where numpy is installed. The records are the same.")
@click.option("--batch-size", type=click.IntRange(min=1), default=2_000, show_default=True,
              help="cases the batch backend decides at once: fewer use less memory, more go a little faster")
def audit_command(case_paths, act_path, jobs, output, output_format, summary_path, backend, batch_size):
    """Decide many cases at once (JSON Lines files, one case a line, folders of case files, or
    folders of tables: cases.csv or cases.parquet and a table per list) and stream one record
    per case: its findings by article, what is owed, its warnings, or why it was refused. A
    summary follows on standard error."""
    import csv
    import time

    from hsa_dsl import audit

    act = _load(act_path)
    if output_format == "parquet" and not output:
        _fail(HsaError.single("Parquet records are written to a file", file="--format parquet",
                              hint="give one with --out FILE"))
    try:
        total = audit.count_cases(case_paths)
        if output_format == "parquet":
            stream = None
            table = audit.ParquetRecords(output)
        else:
            stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    except HsaError as error:
        _fail(error)
    except OSError as error:
        _fail(HsaError.single(f"cannot write it: {error.strerror or error}", file=output))
    summary = audit.Summary()
    if output_format == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(audit.CSV_COLUMNS)
        write = lambda block: writer.writerows(block.csv_rows())  # noqa: E731
    elif output_format == "parquet":
        write = table.write_block
    else:
        write = lambda block: stream.write(block.json_text())  # noqa: E731
    progress = sys.stderr.isatty()
    start = last = time.monotonic()
    done = 0
    try:
        for block in audit.record_blocks_of_paths(act, act_path, case_paths, jobs, _limits().get("act"), backend,
                                                  batch_size, output_format):
            block.add_to(summary)
            write(block)
            done += len(block)
            now = time.monotonic()
            if progress and now - last >= 0.5:
                last = now
                click.echo("\r" + _progress(done, total, now - start), err=True, nl=False)
    except HsaError as error:
        _fail(error)
    finally:
        if output_format == "parquet":
            table.close()
        elif output:
            stream.close()
    if progress:
        click.echo("\r" + _progress(done, total, time.monotonic() - start) + "\n", err=True, nl=False)
    click.echo(summary.render(), err=True, nl=False)
    if summary_path:
        _write(summary_path, _dump_json(summary.to_json()))


def _progress(done: int, total: int | None, seconds: float) -> str:
    rate = done / seconds if seconds > 0 else 0.0
    line = f"  {done:,}" + (f" / {total:,}" if total else "") + f" cases · {rate:,.0f} a second"
    if total and rate > 0 and done < total:
        left = int((total - done) / rate)
        line += f" · about {left // 60}:{left % 60:02d} left"
    return line


@main.command("fmt")
@click.argument("paths", metavar="FILES...", nargs=-1, required=True, type=click.Path())
@click.option("--check", is_flag=True, help="change nothing: show what would change, and fail if anything would")
def fmt_command(paths, check):
    """Lay out .hsa files the canonical way (folders: every .hsa file in them).

    Only white space between tokens moves: comments, law text and meaning stay as they are.
    With --check, a file that is not laid out so is shown as a diff and the command exits 1."""
    import difflib

    from hsa_dsl.source import read_source
    from hsa_dsl.syntax.layout import format_text

    changed, failed = [], False
    for path in _act_files(paths):
        try:
            source = read_source(path, _limits().get("act"))
            formatted = format_text(source.text, str(path))
        except HsaError as error:
            click.echo(error.render(), err=True)
            failed = True
            continue
        original = path.read_bytes().decode("utf-8")
        if formatted == original:
            continue
        changed.append(path)
        if check:
            click.echo("".join(difflib.unified_diff(original.splitlines(keepends=True), formatted.splitlines(keepends=True),
                                                    f"{path} (as it is)", f"{path} (formatted)")), nl=False)
        else:
            _replace(path, formatted)
            click.echo(f"formatted {path}", err=True)
    if check and changed:
        click.echo(f"{len(changed)} file(s) would be formatted: run `hsa-dsl fmt` on them", err=True)
    sys.exit(1 if failed or (check and changed) else 0)


def _act_files(paths) -> list[Path]:
    """The act files given: files as they are, folders as the .hsa files under them in order."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.hsa") if p.is_file())
        elif path.exists():
            found.append(path)
        else:
            _fail(HsaError.single("no such file or folder", file=str(path)))
    return found


def _replace(path: Path, text: str) -> None:
    """Write a file anew in one step, so that a failure leaves the drafter's file whole."""
    import os
    import shutil
    import tempfile

    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except OSError as error:
        _fail(HsaError.single(f"cannot write it: {error.strerror or error}", file=str(path)))


STAGES = ("tree", "ast", "checked", "ir", "python")


@main.command("dump")
@click.argument("stage", type=click.Choice(STAGES))
@click.argument("act_path", metavar="[ACT]", required=False, type=click.Path(dir_okay=False))
def dump_command(stage, act_path):
    """Print one stage of the pipeline: tree, ast, checked, ir or python."""
    from hsa_dsl import dump

    try:
        click.echo(dump.dump(stage, act_path), nl=False)
    except HsaError as error:
        _fail(error)


if __name__ == "__main__":  # pragma: no cover
    main()
