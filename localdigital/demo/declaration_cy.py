# ruff: noqa: E501 (whole paragraphs of Welsh, one a line, as in the migration they translate)
"""The Welsh of the Declaration's first version, for the demonstration: /cy/datganiad/ shows it.

Each Welsh text is keyed by the English it translates, so it is only written beside that English: a later
version with different words keeps its English on Welsh pages until staff translate it.
"""

from importlib import import_module

from localdigital.accounts.models import User
from localdigital.declaration import services as declaration_services
from localdigital.declaration.models import DeclarationVersion

_first = import_module("localdigital.declaration.migrations.0002_first_version")

TITLE = "Y Datganiad Digidol Lleol"

INTRODUCTION = """Mae’r Datganiad Digidol Lleol yn addewid ar y cyd gan y sefydliadau sy’n rhedeg gwasanaethau cyhoeddus lleol i wneud i’r gwasanaethau hynny weithio’n well i’r bobl sy’n eu defnyddio.

Mae gormod o wasanaethau wedi’u hadeiladu o gwmpas trefn ein sefydliadau, ar dechnoleg sy’n ddrud ac yn anodd ei newid, ac mae pob sefydliad yn datrys yr un problemau ar ei ben ei hun. Gallwn wneud yn well gyda’n gilydd.

Mae sefydliad yn llofnodi fel cyfanwaith: mae ei brif weithredwr a’i arweinydd gwleidyddol yn cefnogi’r Datganiad, nid ei dîm digidol yn unig. Mae llofnodwyr yn cyhoeddi’r hyn y maent yn ymrwymo i’w wneud ac yn adrodd ar eu cynnydd, fel y gall eraill ymuno, ailddefnyddio’r hyn y maent yn ei wneud a dysgu ohono."""

PRINCIPLES = [
    (
        "Cynllunio gwasanaethau o amgylch y bobl sy’n eu defnyddio",
        "Byddwn yn llunio gwasanaethau o amgylch yr hyn sydd ei angen ar drigolion, busnesau a chymunedau, "
        "nid o amgylch ein hadrannau. Byddwn yn dysgu beth sydd ei angen ar bobl drwy ymchwil, yn profi’r "
        "hyn a wnawn gyda’r bobl a fydd yn ei ddefnyddio, ac yn parhau i’w wella ar ôl iddo fynd yn fyw.",
    ),
    (
        "Trwsio’r plymio",
        "Byddwn yn rhoi’r gorau i ddibynnu ar dechnoleg gostus sy’n anodd ei newid neu ei gadael. Byddwn yn "
        "adeiladu ac yn prynu gwasanaethau fel rhannau bach sy’n ffitio gyda’i gilydd, yn defnyddio safonau "
        "agored ar gyfer data, ac yn dewis cyflenwyr a chontractau sy’n gadael i ni newid cyfeiriad.",
    ),
    (
        "Rhannu gwybodaeth yn ddiogel i feithrin ymddiriedaeth",
        "Byddwn yn rhannu gwybodaeth rhwng gwasanaethau yn ddiogel ac yn gyfreithlon, fel y gallwn helpu’r "
        "bobl sydd ei hangen fwyaf a gwario ein harian lle mae’n gwneud y mwyaf o les. Byddwn yn agored "
        "gyda phobl ynghylch sut y defnyddir eu gwybodaeth.",
    ),
    (
        "Arwain newid digidol",
        "Byddwn yn creu’r amodau ar gyfer newid go iawn ar draws ein sefydliadau, gan ddechrau gyda’n "
        "harweinwyr. Byddwn yn rhoi’r sgiliau a’r caniatâd i’n timau weithio mewn ffyrdd newydd, ac yn "
        "disgwyl yr un peth gan ein partneriaid a’n cyflenwyr.",
    ),
    (
        "Gweithio’n agored",
        "Byddwn yn rhannu ein cynlluniau, ein cynnydd a’r hyn a ddysgwn, gan gynnwys yr hyn na weithiodd. "
        "Byddwn yn chwilio am yr hyn y mae eraill eisoes wedi’i wneud cyn i ni ddechrau, ac yn sicrhau bod "
        "yr hyn a adeiladwn ar gael i eraill ei ailddefnyddio.",
    ),
]

# Each follows "Bydd uwch arweinwyr a chynghorwyr yn" and "Bydd timau digidol, TG a thrawsnewid yn".
LEADER_COMMITMENTS = [
    "Gwneud gwell gwasanaethau a gwell technoleg yn flaenoriaeth i’r sefydliad cyfan, gyda chefnogaeth ei arweinwyr gwleidyddol a gweithredol.",
    "Rhoi’r amser, y gefnogaeth a’r caniatâd i dimau roi cynnig ar ffyrdd newydd o weithio, ac i ddysgu o’r hyn nad yw’n gweithio.",
    "Disgwyl i gyflenwyr a phartneriaid ddilyn yr egwyddorion hyn, a newid contractau sy’n ein clymu.",
    "Cyhoeddi ein cynlluniau a’n cynnydd fel y gall trigolion a sefydliadau eraill weld beth rydym yn ei wneud.",
    "Gweithio gyda sefydliadau eraill ar broblemau sy’n gyffredin i ni, yn hytrach na’u datrys ar ein pennau ein hunain.",
]

TEAM_COMMITMENTS = [
    "Canfod beth sydd ei angen ar ddefnyddwyr cyn adeiladu unrhyw beth, a phrofi gwasanaethau gyda’r bobl a fydd yn eu defnyddio.",
    "Gwirio beth mae sefydliadau eraill eisoes wedi’i adeiladu, a’i ailddefnyddio neu ymuno â nhw cyn dechrau rhywbeth newydd.",
    "Defnyddio safonau agored ar gyfer data, a chyhoeddi’r cod a’r dyluniadau a wnawn o dan drwydded agored lle bynnag y gallwn.",
    "Adeiladu gwasanaethau o rannau bach y gellir eu newid neu eu disodli heb ddechrau eto.",
    "Rhannu’r hyn a ddysgwn, gan gynnwys yr hyn a aeth o’i le, fel nad yw eraill yn ei ailadrodd.",
]

WELSH = {
    "The Local Digital Declaration": TITLE,
    _first.INTRODUCTION: INTRODUCTION,
    **{english[0]: welsh[0] for english, welsh in zip(_first.PRINCIPLES, PRINCIPLES, strict=True)},
    **{english[1]: welsh[1] for english, welsh in zip(_first.PRINCIPLES, PRINCIPLES, strict=True)},
    **dict(zip(_first.LEADER_COMMITMENTS, LEADER_COMMITMENTS, strict=True)),
    **dict(zip(_first.TEAM_COMMITMENTS, TEAM_COMMITMENTS, strict=True)),
}


def translate_declaration(staff: User) -> int:
    """Write the Welsh beside every published text that has none yet and whose English is known; a count."""
    written = 0
    for version in DeclarationVersion.objects.published().prefetch_related("principles", "commitments"):
        for obj, names in (
            (version, ("title", "introduction")),
            *((principle, ("title", "description")) for principle in version.principles.all()),
            *((commitment, ("text",)) for commitment in version.commitments.all()),
        ):
            texts = {
                f"{name}_cy": WELSH[getattr(obj, name)]
                for name in names
                if not getattr(obj, f"{name}_cy") and getattr(obj, name) in WELSH
            }
            if texts:
                declaration_services.set_welsh(obj, actor=staff, **texts)
                written += len(texts)
    return written
