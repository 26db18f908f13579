"""JupyterHub for a room of participants on one machine: `jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`.

Each participant logs in with their name and the workshop code and gets their own server: the workbook app
(`workbook serve` behind jhsingle-native-proxy, which lets only them in), with their store in their own folder
under WORKBOOK_HUB_HOMES. The coach logs in as `coach` with the coach password: the hub's admin page shows who is
running, and the `workbook-coach` service (/services/workbook-coach/) lists every participant's store.

The environment says what differs from room to room:
  WORKBOOK_HUB_CODE            the workshop code (everyone's password), required
  WORKBOOK_HUB_COACH_PASSWORD  the coach's password, required
  WORKBOOK_HUB_HOMES           the participants' folders (default /srv/referral-workbook/homes)
  WORKBOOK_HUB_IP, WORKBOOK_HUB_PORT   where the hub listens (default 0.0.0.0:8000)
  WORKBOOK_HUB_LANG            the app's language for who has not chosen one (en, de, fr, es)

All servers run as the user who runs the hub (SimpleLocalProcessSpawner): fine for this app, which runs no code
of its visitors, and keeps each participant's plan in their own folder. For one system account per participant use
jupyterhub's LocalProcessSpawner, for a cluster the Zero to JupyterHub values beside this file.
"""

import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub's configuration loader defines it)

homes = Path(os.environ.get("WORKBOOK_HUB_HOMES", "/srv/referral-workbook/homes"))
homes.mkdir(parents=True, exist_ok=True)
python = sys.executable  # the environment JupyterHub and the workbook are installed in

c.JupyterHub.ip = os.environ.get("WORKBOOK_HUB_IP", "0.0.0.0")
c.JupyterHub.port = int(os.environ.get("WORKBOOK_HUB_PORT", "8000"))
c.JupyterHub.cookie_secret_file = str(homes.parent / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{homes.parent / 'jupyterhub.sqlite'}"

# the pure-Python configurable-http-proxy (pip install configurable-http-proxy; no Node.js)
beside = Path(python).parent / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(beside) if beside.exists() else shutil.which("configurable-http-proxy")]

# who comes in: a name and the workshop code; the coach with the coach password
c.JupyterHub.authenticator_class = "workbook.serve.hub.WorkshopCodeAuthenticator"
c.WorkshopCodeAuthenticator.code = os.environ["WORKBOOK_HUB_CODE"]
c.WorkshopCodeAuthenticator.coach_password = os.environ["WORKBOOK_HUB_COACH_PASSWORD"]
c.WorkshopCodeAuthenticator.claims_file = str(homes.parent / "workbook-claims.json")
c.Authenticator.admin_users = {"coach"}

# each participant's server: the workbook app, their store in their own folder
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(homes / "{username}")
c.Spawner.cmd = [python, "-m", "workbook.serve.hub", "user-server"]  # store: ~/referral-workbook (the home above)
if os.environ.get("WORKBOOK_HUB_LANG"):
    c.Spawner.args = ["--lang", os.environ["WORKBOOK_HUB_LANG"]]
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
c.JupyterHub.shutdown_on_logout = True

# the coach's view of every participant's store, for the hub's admins (and the `coaches` group)
c.JupyterHub.services = [{
    "name": "workbook-coach",
    "url": "http://127.0.0.1:10101",
    "command": [python, "-m", "workbook.serve.hub", "coach",
                "--stores", str(homes / "{user}" / "referral-workbook" / "workbook.sqlite")],
    "oauth_no_confirm": True,
}]
c.JupyterHub.load_groups = {"coaches": {"users": ["coach"]}}
c.JupyterHub.load_roles = [{"name": "workbook-coach", "groups": ["coaches"],
                            "scopes": ["access:services!service=workbook-coach", "admin-ui", "list:users",
                                       "read:users:activity", "read:servers"]}]
