#!/usr/bin/env python3
"""Write lib/data/cues.json: cs-classify's built-in urgency cues.

Run from the repository root:  python3 scripts/data/classify-cues.py

The file has the format of a rules file (see cs-classify(1), RULES) with
only "cues".  The engine reads it after rules.json, so its phrases add to
the cues there, and a phrase given weight 0 here removes one of them.

Four cues, the names cs-prioritize knows:

  explicit        the customer says it is urgent
  repeat-contact  they have written or waited before ("third time")
  threat          lawyers, courts, consumer offices, the press, social media
  safety          fire, smoke, burns, shocks, injuries, choking, poison

A phrase is words matched as message words are (case and accents
ignored); "word*" is any word starting so, "*" any one word, and "!" and
"?" stand for themselves.  Phrases of the message's language count fully,
others half, so any phrase found makes the message urgent: a phrase that
is common in an ordinary message of any language ("again", "thanks
again"; Spanish "descarga", a download, "consumo", consumption, and
"smoking", a tuxedo; "Fire TV" and smoke alarms; Sue, a name; French
"feu", Catalan for "you do") is left out or narrowed to the uses that
are cues.

Own work of the cs project (same licence as cs); see
lib/data/SOURCES.classify.
"""
import json
import os
import sys

# The cues, in the order cs-classify lists them.
CUES = {'explicit': {}, 'repeat-contact': {}, 'threat': {}, 'safety': {}}


def add(name, lang, text):
    d = CUES.setdefault(name, {}).setdefault(lang, {})
    for line in text.strip().split('\n'):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('0 '):
            d[line[2:].strip()] = 0
        else:
            d[line] = 1


# Phrases of rules.json that fire on ordinary messages: removed (weight
# 0) and replaced below by the uses that are cues.
add('explicit', 'en', '0 right now')
add('repeat-contact', 'en', '0 again\n0 several times\n0 many times\n0 multiple times')
add('repeat-contact', 'es', '0 de nuevo')
add('repeat-contact', 'ca', '0 de nou')
add('threat', 'en', '0 sue\n0 court')
add('threat', 'es', '0 consumo\n0 demanda')
add('threat', 'ca', '0 consum\n0 demanda')
add('safety', 'en', '0 fire\n0 smoke\n0 smoking\n0 burn\n0 burns\n0 burned\n0 burnt\n0 hospital')
add('safety', 'es', '0 humo\n0 quemado\n0 quemada\n0 hospital')
add('safety', 'ca', '0 fum\n0 cremat\n0 cremada\n0 hospital')

add('explicit', 'en', '''
urgent
urgently
urgency
asap
as soon as possible
immediately
need it right now
need this right now
need help right now
right now please
fix it right now
fix this right now
right away
straight away
emergency
time sensitive
top priority
please hurry
without delay
need it today
need this today
need it now
need it by tomorrow
need it tomorrow
needed it yesterday
this is urgent
it's urgent
it is urgent
very urgent
''')
add('explicit', 'es', '''
urgente
urgentemente
urgencia
urge
me urge
cuanto antes
cuanto antes mejor
lo antes posible
lo más pronto posible
inmediatamente
de inmediato
ya mismo
ya !
lo necesito ya
lo necesito hoy
lo necesito para mañana
lo necesito para hoy
es para hoy
para ayer
sin falta
emergencia
es prioritario
máxima prioridad
tengo prisa
corre prisa
con urgencia
''')
add('explicit', 'ca', '''
urgent
urgentment
urgència
urgeix
com més aviat millor
com abans millor
al més aviat possible
immediatament
de seguida
ara mateix
ja !
ho necessito ja
ho necessito avui
ho necessito per demà
és per avui
sense falta
emergència
és prioritari
tinc pressa
amb urgència
''')
add('explicit', 'fr', '''
urgent
urgente
au plus vite
dès que possible
immédiatement
tout de suite
''')
add('explicit', 'pt', '''
urgente
o mais rápido possível
imediatamente
com urgência
''')
add('explicit', 'de', '''
dringend
so schnell wie möglich
sofort
eilig
''')
add('explicit', 'it', '''
urgente
il prima possibile
immediatamente
con urgenza
''')

add('repeat-contact', 'en', '''
third time
3rd time
second time
2nd time
fourth time
4th time
fifth time
for the third time
this is the third
yet again
again and again
again no
again nothing
asking again
writing again
emailing again
calling again
contacting you again
have to ask again
happened again
late again
wrong again
called * times
called you * times
asked * times
emailed * times
emailed you * times
written * times
messaged * times
contacted you * times
tried * times to
* times already
so many times
countless times
how many times
how many more times
keep asking
keep calling
keep writing
keep emailing
keep chasing
already contacted
already asked
already called
already emailed
already wrote
already written
already messaged
already told you
still no answer
still no reply
still no response
still no update
still no news
still nothing
still waiting
still haven't heard
haven't heard back
not heard back
never heard back
no one is answering
no one answers
no one has answered
no one has replied
no one replied
no one got back
nobody answers
nobody is answering
nobody has answered
nobody has replied
nobody replied
no response
no reply
ignoring me
being ignored
* days waiting
waiting for * days
waiting for * weeks
waiting * days
waiting * weeks
for days now
for weeks now
chasing this
''')
add('repeat-contact', 'es', '''
otra vez
una vez más
tercera vez
segunda vez
cuarta vez
quinta vez
por tercera vez
ya es la tercera
ya es la segunda
ya es la cuarta
ya van tres
varias veces
muchas veces
mil veces
cuántas veces
escribo de nuevo
os escribo de nuevo
pregunto de nuevo
llamo de nuevo
reclamo de nuevo
vuelvo a escribir
vuelvo a preguntar
vuelvo a llamar
vuelvo a reclamar
sigo esperando
seguimos esperando
sigo sin respuesta
sigo sin noticias
sigue sin respuesta
sin respuesta
todavía sin respuesta
nadie me contesta
nadie contesta
nadie responde
nadie me responde
nadie me ha contestado
nadie me ha respondido
nadie me dice nada
nadie me ayuda
no me contestáis
no contestáis
no respondéis
no me respondéis
ni caso
ya os escribí
ya os he escrito
ya he escrito
ya os llamé
ya he llamado
ya lo reclamé
ya lo he reclamado
llevo * días
llevo * semanas
llevo días
llevo semanas
días esperando
semanas esperando
todavía nada
aún nada
''')
add('repeat-contact', 'ca', '''
un altre cop
una altra vegada
tercera vegada
segona vegada
quarta vegada
cinquena vegada
per tercera vegada
ja és la tercera
ja és la segona
ja en van tres
diverses vegades
moltes vegades
quantes vegades
escric de nou
us escric de nou
pregunto de nou
demano de nou
torno a escriure
torno a preguntar
torno a trucar
torno a reclamar
encara espero
encara estic esperant
continuo esperant
seguim esperant
encara sense resposta
sense resposta
ningú no em contesta
ningú em contesta
ningú no contesta
ningú contesta
ningú no respon
ningú respon
ningú no em respon
ningú no em diu res
ningú m'ajuda
no em contesteu
no contesteu
no responeu
ja us vaig escriure
ja us he escrit
ja he escrit
ja us vaig trucar
ja he trucat
porto * dies
porto * setmanes
fa * dies que
fa dies que
fa setmanes que
dies esperant
setmanes esperant
encara res
''')
add('repeat-contact', 'fr', '''
troisième fois
encore une fois
toujours pas de réponse
personne ne répond
j'attends toujours
''')
add('repeat-contact', 'pt', '''
terceira vez
mais uma vez
ninguém responde
continuo à espera
ainda sem resposta
''')
add('repeat-contact', 'de', '''
zum dritten mal
dritte mal
schon wieder
keine antwort
niemand antwortet
warte immer noch
''')
add('repeat-contact', 'it', '''
terza volta
ancora una volta
nessuno risponde
ancora nessuna risposta
sto ancora aspettando
''')

add('threat', '*', '''
ocu
facua
omic
bbb
trustpilot
''')
add('threat', 'en', '''
lawyer
lawyers
my lawyer
attorney
solicitor
solicitors
legal action
take legal action
sue you
sue your
sue them
sue the
i will sue
i'll sue
going to sue
gonna sue
suing
sued
in court
to court
take you to court
see you in court
court case
small claims
trading standards
consumer protection
consumer rights
consumer council
ombudsman
citizens advice
better business bureau
the ftc
chargeback
charge back
dispute the charge
report you
reporting you
report this to
going to the press
go to the press
contact the press
the newspapers
to the media
contact the media
to a journalist
contact a journalist
go public
going public
all over social media
post this on
posting this on
share this on
expose you
name and shame
warn everyone
warn others
bad review
one star review
1 star review
''')
add('threat', 'es', '''
abogado
abogados
abogada
mi abogado
denuncia
denunciar
denunciaré
denunciaros
os voy a denunciar
voy a denunciar
os denuncio
poner una denuncia
hoja de reclamaciones
hojas de reclamaciones
libro de reclamaciones
demanda judicial
poner una demanda
interponer una demanda
os voy a demandar
demandar
demandaré
demandaros
juzgado
juzgados
tribunal
tribunales
a juicio
llevaros a juicio
vía judicial
acciones legales
medidas legales
oficina del consumidor
oficina de consumo
a consumo
en consumo
ante consumo
arbitraje de consumo
junta arbitral
defensa del consumidor
asociación de consumidores
redes sociales
en las redes
lo voy a publicar
voy a publicarlo
lo publicaré
lo voy a contar
lo contaré
a los medios
a la prensa
periodista
hacerlo público
lo haré público
lo voy a hacer público
mala reseña
contracargo
retrocesión
''')
add('threat', 'ca', '''
advocat
advocats
advocada
el meu advocat
denúncia
denunciar
denunciaré
us denunciaré
us denuncio
posaré una denúncia
posar una denúncia
full de reclamació
fulls de reclamació
full de reclamacions
fulls de reclamacions
demanda judicial
posar una demanda
us demandaré
demandar
demandaré
jutjat
jutjats
tribunal
tribunals
a judici
via judicial
accions legals
agència catalana del consum
oficina del consumidor
oficina de consum
a consum
al consum
xarxes socials
a les xarxes
ho publicaré
ho faré públic
ho explicaré a tothom
als mitjans
a la premsa
periodista
mala ressenya
''')
add('threat', 'fr', '''
avocat
porter plainte
plainte
tribunal
mise en demeure
60 millions de consommateurs
réseaux sociaux
''')
add('threat', 'pt', '''
advogado
tribunal
livro de reclamações
na deco
à deco
redes sociais
''')
add('threat', 'de', '''
anwalt
rechtsanwalt
gericht
verbraucherzentrale
klage
''')
add('threat', 'it', '''
avvocato
tribunale
denuncia
altroconsumo
''')

add('safety', 'en', '''
caught fire
catch fire
catches fire
catching fire
on fire
set fire
started a fire
start a fire
fire hazard
burst into flames
flames
in flames
sparking
sparks came
sparks coming
sparks flew
threw sparks
smoke coming
smoke came
smoke from
smoke out of
full of smoke
smell of smoke
smoke everywhere
started smoking
was smoking
is smoking
it smoked
burning smell
smell of burning
smells like burning
smelled of burning
has melted
it melted
melted the
started melting
started to melt
plastic melted
melted plastic
overheat*
exploded
explode
explosion
burned my
burnt my
burned me
burnt me
burned his
burnt his
burned her
burnt her
burned myself
burnt myself
burned himself
burned herself
burn my
burns on
a burn on
severe burn*
it burned
it burnt
electric shock
electrocuted
got a shock
gave me a shock
shocked me
injured
injury
injuries
hurt
cut myself
cut his
cut her
bleeding
choking
choke
choked
choking hazard
swallowed
poison*
toxic
allergic reaction
in hospital
in the hospital
to hospital
to the hospital
emergency room
dangerous
unsafe
a hazard
hazardous
health hazard
safety issue
safety hazard
safety recall
product recall
been recalled
battery leaked
leaking battery
swollen battery
battery swelled
''')
add('safety', 'es', '''
fuego
incendio
se incendió
se ha incendiado
prendió fuego
se prendió
en llamas
salieron llamas
echa chispas
saltan chispas
saltaron chispas
echa humo
echaba humo
sale humo
salía humo
salió humo
lleno de humo
olor a humo
olor a quemado
huele a quemado
quemadura
quemaduras
se quemó
me quemé
me he quemado
se ha quemado
se derritió
se recalienta
sobrecalienta
explotó
ha explotado
explosión
descarga eléctrica
me dio una descarga
me ha dado una descarga
da descargas
da calambre
calambrazo
electrocutado
herido
herida
heridos
lesión
lesiones
al hospital
en el hospital
urgencias
peligroso
peligrosa
peligro
intoxicación
intoxicado
reacción alérgica
tóxico
tóxica
se atragantó
atragantamiento
se ha tragado
se tragó
batería hinchada
''')
add('safety', 'ca', '''
foc
incendi
s'ha incendiat
flames
espurnes
treu fum
fa fum
sortia fum
surt fum
ple de fum
olor de fum
olor de cremat
fa olor de cremat
una cremada
cremades
cremadura
m'he cremat
s'ha cremat
s'ha fos
s'escalfa massa
ha explotat
explosió
descàrrega elèctrica
m'ha donat una descàrrega
ferit
ferida
ferits
lesió
lesions
a l'hospital
urgències
perillós
perillosa
perill
intoxicació
reacció al·lèrgica
tòxic
tòxica
s'ha ennuegat
s'ha empassat
bateria inflada
''')
add('safety', 'fr', '''
pris feu
prendre feu
en feu
incendie
fumée
brûlure
brûlé
blessé
blessure
décharge électrique
dangereux
''')
add('safety', 'pt', '''
fogo
incêndio
fumaça
queimadura
ferido
choque elétrico
perigoso
''')
add('safety', 'de', '''
feuer
rauch
verbrannt
verbrennung
verletzt
stromschlag
gefährlich
''')
add('safety', 'it', '''
fuoco
incendio
ustione
ferito
scossa elettrica
pericoloso
''')


def main():
    root = os.path.normpath(os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', '..'))
    out = {
        "_comment": "cs-classify built-in urgency cues, read after "
                    "rules.json: see cs-classify(1) and "
                    "scripts/data/classify-cues.py. Own work; see "
                    "SOURCES.classify.",
        "cues": CUES,
    }
    path = os.path.join(root, 'lib', 'data', 'cues.json')
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write('\n')
    n = sum(len(p) for c in CUES.values() for p in c.values())
    print(f'{path}: {n} phrases', file=sys.stderr)


if __name__ == '__main__':
    main()
