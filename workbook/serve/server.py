"""The app's web server: Voilà with the workbook's pages, and in a workshop the join page and the gates.

Voilà serves one notebook; this subclass serves the app's notebooks at fixed addresses
(``/`` the challenge, ``/follow`` the follow-through, ``/today`` the day's contacts, ``/coach`` the
coach's page; ``/coach/plan/<participant>`` a participant's plan, read-only, for the coach) and nothing else. In a
workshop, a page
opens only for a browser holding a participant's secret (else it goes to ``/join``), and the
coach's page only with the coach token. A page starts a kernel only for a browser that holds a session
(a bare request gets a page that sets one and opens itself again), and each kernel's addresses answer
only that browser (see :mod:`workbook.serve.kernels`). Nothing changes on a GET: the language is chosen with a
POST carrying the XSRF token.
"""

from __future__ import annotations

import inspect
from typing import cast

import tornado.web
from jupyter_server.base.handlers import FileFindHandler, JupyterHandler
from jupyter_server.services.kernels.handlers import KernelHandler
from jupyter_server.utils import url_path_join
from jupyterlab_server.themes_handler import ThemesHandler
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import AllowListFileHandler, MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from ..app import fragments
from ..documents.render import DOWNLOADS
from ..errors import InputError, UnknownLanguageError
from ..formatting import slug
from ..i18n import N_, _, known, speaking
from ..journey import choose_language
from ..store import Participants, open_store
from ..workshop.participants import (
    COACH,
    COACH_COOKIE,
    PARTICIPANT_COOKIE,
    Attempts,
    coach_token,
    is_coach,
    join,
    same_code,
    same_secret,
    visitor_language,
    visitor_owner,
    workshop_code,
)
from .kernels import SESSION_COOKIE, OwnedKernelManager, new_session

PAGES = {"/": ("challenge.ipynb", "participant"), "/follow": ("follow_through.ipynb", "participant"),
         "/today": ("today.ipynb", "participant"), "/coach": ("coach.ipynb", "coach")}
COOKIE_DAYS = 30


def _set_secret(handler: tornado.web.RequestHandler, name: str, value: str) -> None:
    handler.set_cookie(name, value, path=handler.settings["base_url"], httponly=True, samesite="Lax",
                       expires_days=COOKIE_DAYS, secure=handler.request.protocol == "https")


def _known(code: str) -> str | None:
    """``code`` as a language of the workbook; None for one it does not speak (or none)."""
    try:
        return known(code) if code else None
    except UnknownLanguageError:
        return None



def _speak_to_visitor(handler: Page, notebook, cwd: str):
    """Voilà's prelaunch hook: the page's own words (its language and the template's texts) go into the
    notebook's metadata, where the template finds them."""
    with speaking(handler.language()):
        notebook.metadata["workbook"] = fragments.page_texts()
    return notebook


class Page(TornadoVoilaHandler):
    """One of the app's notebooks, behind its gate: "participant" or "coach"."""

    def initialize(self, gate: str, **kwargs) -> None:
        self.gate = gate
        super().initialize(**kwargs)

    def owner(self, store) -> str | None:
        """Whose page this is: the owner's or a participant's plan, or the coach's (None for a stranger)."""
        return self.visitor(store, self.gate, self.request.headers.get("Cookie"))

    @staticmethod
    def visitor(store, gate: str, cookies: str | None) -> str | None:
        """Who the browser sending ``cookies`` is behind ``gate`` (see :meth:`owner`)."""
        if gate == "coach":
            return COACH if is_coach(cookies) else None
        return visitor_owner(cookies, store)

    async def prepare(self) -> None:
        await super().prepare()
        if self._finished:
            return
        base = self.settings["base_url"]
        if self.gate == "coach":
            self._coach_gate(base)
        elif workshop_code():
            with open_store() as store:
                if visitor_owner(self.request.headers.get("Cookie"), store) is None:
                    self.redirect(url_path_join(base, "join"))
        if self._finished:
            return
        self.xsrf_token  # noqa: B018 (sets the _xsrf cookie the page's own calls carry)
        if not self.get_cookie(SESSION_COOKIE):
            self._open_session(base)
        elif self.kernel_manager.is_full(self.request.headers.get("Cookie")):
            self._refuse(503, N_("The room is full"), N_("Too many pages of the workbook are open on this server "
                                                            "just now. Wait a minute and reload this page: everything "
                                                            "you entered is saved."))

    def _open_session(self, base: str) -> None:
        """A browser's first request: a session cookie, and a page that opens the app again with it (a request that
        is not a browser's, such as an image on another site, gets no further, and starts no kernel)."""
        _set_secret(self, SESSION_COOKIE, new_session())
        self.set_header("Cache-Control", "no-store")
        with speaking(self.language()):
            self.finish(fragments.opening_page(base))

    def _refuse(self, status: int, title: str, text: str) -> None:
        """A plain page instead of the app: ``title`` and ``text`` are messages marked for the catalogue."""
        self.set_status(status)
        self.set_header("Cache-Control", "no-store")
        with speaking(self.language()):
            self.finish(fragments.notice_page(self.settings["base_url"], _(title), _(text), heading=True))

    def _coach_gate(self, base: str) -> None:
        if not coach_token():
            self.send_error(404)
            return
        given = self.get_query_argument("token", None)
        attempts = self.settings["coach_attempts"]
        if given is not None and same_secret(given, coach_token()):
            _set_secret(self, COACH_COOKIE, given)
            self.redirect(url_path_join(base, "coach"))
        elif given is not None and not attempts.allowed(self.request.remote_ip):
            self._refuse(429, N_("Coaches only"), N_("Too many wrong coach links were tried here. Wait a few "
                                                     "minutes, then open the coach link printed when the workshop "
                                                     "started."))
        elif not same_secret(self.get_cookie(COACH_COOKIE), coach_token()):
            if given is not None:
                attempts.failed(self.request.remote_ip)
            self._refuse(403, N_("Coaches only"), N_("This page is for the workshop's coach. Open it with the coach "
                                                     "link printed when the workshop started."))

    def language(self) -> str:
        """The language to speak to this visitor (see :func:`workshop.visitor_language`)."""
        with open_store() as store:
            return visitor_language(store, self.owner(store), self.request.headers.get("Accept-Language", ""))

    def write_error(self, status_code: int, **kwargs) -> None:
        with speaking(self.language()):
            text = (_("There is nothing at this address.") if status_code == 404 else
                    _("Something went wrong on this page. Your earlier entries are saved; reload the page to carry "
                      "on."))
            self.finish(fragments.notice_page(self.settings["base_url"], "Referral Workbook", text))


INVALID_LINK = N_("This personal link is not valid. Join with the workshop code and your name.")


class Join(tornado.web.RequestHandler):
    """``/join``: the workshop code and a name (or a personal link from the coach) give a plan of one's own.

    It speaks the language picked with ``?lang=`` (the form carries it, and the participant who joins keeps
    it), else the workshop's, else the browser's."""

    def language(self) -> str:
        """``lang`` of the address or the form, else the workshop's or the browser's."""
        with open_store() as store:
            return _known(self.get_argument("lang", "")) or visitor_language(
                store, None, self.request.headers.get("Accept-Language", ""))

    def get(self) -> None:
        if not workshop_code():
            self.redirect(self.settings["base_url"])
            return
        key = self.get_query_argument("key", None)
        if key is None:
            self._form()
            return
        with open_store() as store:
            people = Participants(store)
            participant, held = people.by_token(key), people.by_token(self.get_cookie(PARTICIPANT_COOKIE) or "")
        if participant is None:
            self._form(INVALID_LINK, 403)
        elif held == participant:
            self.redirect(self.settings["base_url"])
        else:  # opening a plan is a POST: a link followed from anywhere changes nothing on its own
            self.set_header("Cache-Control", "no-store")
            coach = participant.id if is_coach(self.request.headers.get("Cookie")) else None
            with speaking(self.language()):
                self.finish(fragments.personal_link_page(self.settings["base_url"], self.xsrf_form_html(), key,
                                                         participant.name, held.name if held else None, coach))

    def post(self) -> None:
        self.check_xsrf_cookie()
        if self.get_body_argument("key", None) is not None:
            self._open_personal(self.get_body_argument("key"))
            return
        name = self.get_body_argument("name", "")
        attempts, address = self.settings["join_attempts"], self.request.remote_ip
        code = self.get_body_argument("code", "")
        if not same_code(code):  # the right code always passes: only guessing is held up
            if not attempts.allowed(address):
                self.set_header("Retry-After", str(int(attempts.window)))
                self._form(N_("Too many wrong codes were tried here. Wait a few minutes, then try again (or ask "
                              "your coach for your personal link)."), 429, name, code)
                return
            attempts.failed(address)
        try:
            with open_store() as store, speaking(self.language()):
                participant = join(store, code, name)
                choose_language(store, participant.id, self.language())
        except InputError as error:  # what was typed stays in the form, with what is wrong with it
            self._form(error, 400, name, code)
            return
        self._enter(participant.token)

    def _open_personal(self, key: str) -> None:
        with open_store() as store:
            people = Participants(store)
            participant = people.by_token(key)
            if participant is None:
                self._form(INVALID_LINK, 403)
                return
            people.mark_joined(participant)
        self._enter(key)

    def _enter(self, token: str) -> None:
        _set_secret(self, PARTICIPANT_COOKIE, token)
        self.redirect(self.settings["base_url"])

    def _form(self, error: str | InputError = "", status: int = 200, name: str = "", code: str = "") -> None:
        """The form (with ``error``, a message marked for the catalogue or one already worded, and the ``name`` and
        ``code`` typed) in the visitor's language."""
        self.set_status(status)
        self.set_header("Cache-Control", "no-store")
        with speaking(self.language()):
            self.finish(fragments.join_page(self.settings["base_url"], self.xsrf_form_html(),
                                       _(error) if isinstance(error, str) and error else str(error or ""), name,
                                       code))

    def write_error(self, status_code: int, **kwargs) -> None:
        self._form(N_("Your form had expired; please try again.") if status_code == 403 else
                   N_("Something went wrong; please try again."), status_code)


class CoachPlan(tornado.web.RequestHandler):
    """``/coach/plan/<participant>``: a participant's plan, read-only, for the coach alone; ``/coach/plan/<participant>/
    <file>`` its documents (``plan.pdf``, ``plan.html``, ...). It only reads the store and sets no cookie: nothing the
    coach does here acts as that participant (their personal link would). Anyone without the coach's cookie gets 403.
    """

    def prepare(self) -> None:
        if not workshop_code() or not coach_token():
            raise tornado.web.HTTPError(404)
        if not is_coach(self.request.headers.get("Cookie")):
            raise tornado.web.HTTPError(403)

    def language(self) -> str:
        with open_store() as store:
            return visitor_language(store, COACH, self.request.headers.get("Accept-Language", ""))

    def get(self, participant_id: str, name: str | None = None) -> None:
        with open_store() as store:
            participant = Participants(store).by_id(participant_id)
            plan = store.load_plan(participant_id) if participant else None
        if participant is None or (name is not None and (plan is None or name not in DOWNLOADS)):
            raise tornado.web.HTTPError(404)
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        if name is None:
            with speaking(self.language()):
                self.finish(fragments.coach_plan_page(self.settings["base_url"], participant.id, participant.name,
                                                      plan))
            return
        assert plan is not None
        with speaking(plan.language):  # the participant's documents, as they would download them
            content = DOWNLOADS[name].render(plan)
        self.set_header("Content-Type", DOWNLOADS[name].mime)
        if name.endswith(".html"):  # shown here, as a document only: no script, no form, nothing fetched
            self.set_header("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; "
                                                       "img-src data:")
        else:
            self.set_header("Content-Disposition", f'attachment; filename="{slug(plan.business, "plan")}-{name}"')
        self.finish(content)

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Cache-Control", "no-store")
        with speaking(self.language()):
            if status_code == 403:
                text = _("This page is for the workshop's coach. Open it with the coach link printed when the "
                         "workshop started.")
                self.finish(fragments.notice_page(self.settings["base_url"], _("Coaches only"), text, heading=True))
            else:
                self.finish(fragments.notice_page(self.settings["base_url"], _("Not here"),
                                                  _("There is nothing at this address.")))


class Language(tornado.web.RequestHandler):
    """``POST /language``: the language the visitor picked, kept for them, then the page they were on again."""

    def post(self) -> None:
        self.check_xsrf_cookie()
        code = _known(self.get_body_argument("lang", ""))
        page = "/" + self.get_body_argument("page", "").rstrip("/").rsplit("/", 1)[-1]
        page = page if page in PAGES else "/"
        with open_store() as store:
            owner = Page.visitor(store, PAGES[page][1], self.request.headers.get("Cookie"))
            if code and owner:
                choose_language(store, owner, code)
        self.redirect(url_path_join(self.settings["base_url"], page))

    def write_error(self, status_code: int, **kwargs) -> None:
        self.redirect(self.settings["base_url"])


class OwnKernelOnly(JupyterHandler):
    """A kernel's address (its websocket, its model, its shutdown) answers only the browser that opened its page."""

    async def prepare(self, *args, **kwargs):
        kernel_id = self.path_kwargs.get("kernel_id") or next(iter(self.path_args), "")
        kernels = cast(OwnedKernelManager, self.kernel_manager)  # the manager workbook serve configures
        if not kernels.owns(kernel_id, self.request.headers.get("Cookie")):
            self.set_status(403)  # a plain refusal (an error page would ask a websocket who its user is)
            self.finish()
            return
        result = super().prepare(*args, **kwargs)
        if inspect.isawaitable(result):
            await result


class OwnKernel(OwnKernelOnly, KernelHandler):
    pass


class OwnKernelSocket(OwnKernelOnly, VoilaKernelWebsocketHandler):
    pass


class OwnKernelShutdown(OwnKernelOnly, VoilaShutdownKernelHandler):
    pass


class NotHere(tornado.web.RequestHandler):
    """A static files' address that names no file answers the app's "not here" page."""

    def write_error(self, status_code: int, **kwargs) -> None:
        NotFound.answer(self, status_code)


class TemplateFiles(NotHere, TemplateStaticFileHandler):
    """Voilà fails (a 500) on a path that names no template's static file: here that is "not here"."""

    def parse_url_path(self, path: str) -> str:
        try:
            return super().parse_url_path(path)
        except (ValueError, AssertionError):
            raise tornado.web.HTTPError(404) from None

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        try:
            return super().get_absolute_path(root, path)
        except (ValueError, AssertionError):
            raise tornado.web.HTTPError(404) from None

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        try:
            return super().validate_absolute_path(root, absolute_path)
        except ValueError:  # a NUL in the path
            raise tornado.web.HTTPError(404) from None


class StaticFiles(NotHere, MultiStaticFileHandler):
    pass


class ExtensionFiles(NotHere, FileFindHandler):
    pass


class ThemeFiles(NotHere, ThemesHandler):
    pass


class NotFound(tornado.web.RequestHandler):
    def prepare(self) -> None:
        self.answer(self, 404)

    @staticmethod
    def answer(handler: tornado.web.RequestHandler, status: int) -> None:
        """The app's "not here" page, as ``handler``'s answer."""
        handler.set_status(status)
        with open_store() as store, speaking(visitor_language(store, None,
                                                              handler.request.headers.get("Accept-Language", ""))):
            handler.finish(fragments.notice_page(handler.settings["base_url"], _("Not here"),
                                                 _("There is nothing at this address.")))


OURS = {KernelHandler: OwnKernel, VoilaKernelWebsocketHandler: OwnKernelSocket,
        VoilaShutdownKernelHandler: OwnKernelShutdown, TemplateStaticFileHandler: TemplateFiles,
        MultiStaticFileHandler: StaticFiles, FileFindHandler: ExtensionFiles, ThemesHandler: ThemeFiles}


class WorkbookVoila(Voila):
    """Voilà serving the app's pages at fixed addresses and nothing else."""

    def init_settings(self) -> dict:
        """Voilà's settings, with the join page's and coach page's limits, and the Host header checked unless the
        app is served to the network or behind a proxy (a page on a rebinding name never reaches a local app)."""
        local = self.ip in ("127.0.0.1", "localhost", "::1") and self.base_url == "/"
        return {**super().init_settings(), "join_attempts": Attempts(), "coach_attempts": Attempts(),
                "allow_remote_access": not local}

    def init_handlers(self) -> list:
        self.voila_configuration.prelaunch_hook = _speak_to_visitor  # every page is a Page (see below)
        dropped = {TornadoVoilaHandler, AllowListFileHandler,  # no files of the server are served
                   *(cls for _url, cls in self.identity_provider.get_handlers())}  # nor login and logout
        handlers = [(h[0], OURS.get(h[1], h[1]), *h[2:]) for h in super().init_handlers() if h[1] not in dropped]
        common = {"template_paths": self.template_paths, "config": self.config,
                  "voila_configuration": self.voila_configuration}
        for url, (notebook, gate) in PAGES.items():
            handlers.append((url_path_join(self.server_url, url), Page,
                             {"notebook_path": notebook, "gate": gate, **common}))
        handlers.append((url_path_join(self.server_url, "join"), Join))
        handlers.append((url_path_join(self.server_url, r"coach/plan/(p-[0-9a-f]{1,64})"), CoachPlan))
        handlers.append((url_path_join(self.server_url, r"coach/plan/(p-[0-9a-f]{1,64})/([a-z.-]{1,40})"), CoachPlan))
        handlers.append((url_path_join(self.server_url, "language"), Language))
        handlers.append((url_path_join(self.server_url, "(.*)"), NotFound))
        return handlers


main = WorkbookVoila.launch_instance

if __name__ == "__main__":
    main()
