import json
msgs = [
# (network, handle, name, followers, verified, lang, text, conv_of_index or None)
("x","maria_g","María García",340,False,"es","@ShopCare hola, ¿dónde está mi pedido #482913? Lo compré hace una semana y no sé nada",None),
("x","jordi_p","Jordi Puig",120,False,"ca","@ShopCare bon dia, on és la meva comanda 553201? Encara no ha arribat i fa deu dies",None),
("x","sam_lee","Sam Lee",85,False,"en","@ShopCare where is my order #771204? tracking hasn't updated in 4 days",None),
("mastodon","kate@mastodon.social","Kate",410,False,"en","@ShopCare my parcel was supposed to arrive yesterday and it's still not here. Any news?",None),
("bluesky","tom.bsky.social","Tom B",1500,False,"en","@shopcare.bsky.social the courier says delivered but there is no package at my door. Lost parcel?",None),
("x","lucia_m","Lucía Martín",95,False,"es","@ShopCare el paquete llega tarde otra vez, ya van dos semanas de retraso",None),
("x","angry_dave","Dave",230,False,"en","@ShopCare THIS IS THE THIRD TIME I'm writing!!! My order 771299 never arrived and nobody answers. I'll go to the consumer office",None),
("x","angry_dave","Dave",230,False,"en","@ShopCare still nothing. Worst service ever. Answer me!!!",6),
("x","nuria_c","Núria Casals",60,False,"ca","@ShopCare m'ha arribat la tassa trencada, està feta miques. Què he de fer?",None),
("x","pablo_r","Pablo Ruiz",150,False,"es","@ShopCare me llegó la cafetera rota, no funciona nada. Quiero una solución",None),
("mastodon","ingrid@fosstodon.org","Ingrid",700,False,"en","@ShopCare the blender arrived broken, the glass jar is cracked",None),
("x","emma_w","Emma W",300,False,"en","@ShopCare I returned the shoes two weeks ago, when do I get my refund?",None),
("x","carlos_v","Carlos Vega",75,False,"es","@ShopCare quiero devolver unas zapatillas que me quedan pequeñas, ¿cómo hago la devolución?",None),
("x","marta_s","Marta Serra",40,False,"ca","@ShopCare vull tornar una jaqueta, com puc fer la devolució? I el reemborsament quan arriba?",None),
("bluesky","noah.bsky.social","Noah",220,False,"en","@shopcare.bsky.social can I exchange this sweater for a size M?",None),
("x","liam_k","Liam K",510,False,"en","@ShopCare you charged my card twice for order 883412! I need the double charge refunded now",None),
("x","sofia_h","Sofía Herrera",180,False,"es","@ShopCare me habéis cobrado dos veces el mismo pedido, revisad el cargo por favor",None),
("x","pere_f","Pere Font",55,False,"ca","@ShopCare m'heu cobrat dues vegades la mateixa comanda. Necessito la factura també",None),
("mastodon","ana@mastodon.online","Ana",90,False,"es","@ShopCare ¿me podéis enviar la factura del pedido 554120?",None),
("x","olivia_b","Olivia B",260,False,"en","@ShopCare what are your opening hours on Sunday?",None),
("x","javier_l","Javier López",33,False,"es","@ShopCare ¿a qué hora abre la tienda de Valencia el sábado?",None),
("x","anna_r","Anna Roca",47,False,"ca","@ShopCare a quina hora obre la botiga de Girona dissabte?",None),
("bluesky","mia.bsky.social","Mia",130,False,"en","@shopcare.bsky.social what is your return policy for sale items?",None),
("x","ethan_p","Ethan P",90,False,"en","@ShopCare do you have the Trail 2 running shoes in stock in size 44?",None),
("x","elena_d","Elena Díaz",210,False,"es","@ShopCare ¿tenéis stock de la mochila azul? En la web pone agotado",None),
("x","marc_b","Marc Bosch",80,False,"ca","@ShopCare teniu la motxilla vermella en estoc? Quin preu té?",None),
("mastodon","leo@social.coop","Leo",50,False,"en","@ShopCare is the price of the coffee grinder going down for Black Friday?",None),
("x","chloe_t","Chloe T",1200,False,"en","@ShopCare thank you so much, the package arrived early and the support team was great!",None),
("x","laura_n","Laura Navarro",330,False,"es","@ShopCare muchas gracias por la ayuda, ¡todo perfecto! 😍",None),
("x","albert_g","Albert Gil",70,False,"ca","@ShopCare moltes gràcies, tot ha arribat perfecte i molt ràpid!",None),
("x","jack_m","Jack M",45,False,"en","@ShopCare my card 4539 1488 0343 6467 was charged but the order is not showing, please check",None),
("x","rosa_p","Rosa Pérez",60,False,"es","@ShopCare mi tarjeta es 4111 1111 1111 1111 y me han cobrado dos veces, mi email es rosa.perez@example.com",None),
("x","celebrity_chef","Chef Famous",2400000,True,"en","@ShopCare my new knife set arrived without the sharpener. Can you help?",None),
("x","grace_h","Grace H",140,False,"en","@ShopCare I can't log in to my account, the password reset email never comes",None),
("x","diego_s","Diego Sanz",88,False,"es","@ShopCare no puedo entrar en mi cuenta, he olvidado la contraseña",None),
("x","laia_m","Laia Mas",72,False,"ca","@ShopCare no puc entrar al meu compte, he oblidat la contrasenya",None),
("x","henry_o","Henry O",300,False,"en","@ShopCare how long does delivery to Ireland take?",None),
("x","irene_v","Irene Vidal",120,False,"es","@ShopCare ¿cuánto tarda el envío a Canarias?",None),
("x","oriol_t","Oriol Torres",65,False,"ca","@ShopCare quant triga l'enviament a Mallorca?",None),
("bluesky","zoe.bsky.social","Zoe",410,False,"en","@shopcare.bsky.social wrong item delivered, I ordered a red lamp and got a blue one",None),
("x","raul_c","Raúl Castro",150,False,"es","@ShopCare me ha llegado un producto equivocado, pedí talla L y es una S",None),
("x","mireia_a","Mireia Arnau",90,False,"ca","@ShopCare el producte no funciona, el carregador no carrega. És la segona vegada que escric",None),
("x","ben_t","Ben T",60,False,"en","@ShopCare the charger started smoking and nearly caught fire!! This is dangerous",None),
("x","isabel_q","Isabel Quintana",45,False,"es","@ShopCare el secador echa chispas, casi me quemo. Es peligroso, urgente",None),
("x","nick_f","Nick F",12000,False,"en","@ShopCare ordered a gift for Friday, it's urgent, will it arrive in time? order 992301",None),
("x","adria_r","Adrià Riera",30,False,"ca","@ShopCare és urgent, necessito la comanda per divendres!",None),
("mastodon","paula@masto.es","Paula",77,False,"es","@ShopCare ¿tenéis tienda física en Sevilla?",None),
("x","will_s","Will S",20,False,"en","@ShopCare is there a discount code for students?",None),
("x","hugo_m","Hugo Molina",140,False,"es","@ShopCare llevo una hora esperando al teléfono, pésimo servicio. Os voy a denunciar",None),
("x","gemma_l","Gemma Llorens",58,False,"ca","@ShopCare quin servei més dolent, ningú no contesta el telèfon",None),
("x","amy_r","Amy R",95,False,"en","@ShopCare not happy at all, the jacket quality is terrible and nobody replies to my emails",None),
("x","maria_g","María García",340,False,"es","@ShopCare otra vez yo, el pedido #482913 sigue sin llegar",0),
("x","fran_j","Fran Jiménez",44,False,"es","@ShopCare ¿puedo cambiar la dirección de entrega de mi pedido 661230?",None),
("bluesky","ella.bsky.social","Ella",260,False,"en","@shopcare.bsky.social can I change the delivery address for order 661299?",None),
("x","toni_b","Toni Bru",33,False,"ca","@ShopCare puc canviar l'adreça d'entrega de la comanda 661288?",None),
("x","ShopCare","ShopCare",15000,True,"en","@sam_lee Hi Sam, thanks for reaching out! Your order is on its way. ^Ana",2),
("x","kevin_d","Kevin D",70,False,"en","@ShopCare great service, thanks! 👍",None),
("x","sara_c","Sara Cano",130,False,"es","@ShopCare el seguimiento dice que está en reparto desde el lunes, ¿qué pasa?",None),
("x","joan_v","Joan Vila",25,False,"ca","@ShopCare el paquet està perdut, el seguiment no es mou des de fa una setmana",None),
("mastodon","lars@mastodon.social","Lars",180,False,"en","@ShopCare hi! quick question: do you ship to Norway?",None),
]
import datetime
base = datetime.datetime(2026,11,23,7,0,0)
out = []
ids = []
for i,(net,h,name,fol,ver,lang,text,conv) in enumerate(msgs):
    t = base + datetime.timedelta(minutes=7*i)
    if net == "x": mid = str(1860000000000000000 + i*1013)
    elif net == "mastodon": mid = str(113500000000000000 + i*77)
    else: mid = "at://did:plc:%s/app.bsky.feed.post/3l%04dabc" % (h.split('.')[0], i)
    ids.append(mid)
    rec = {"id": mid, "network": net, "account": "ShopCare" if net != "bluesky" else "shopcare.bsky.social",
           "direction": "out" if h == "ShopCare" else "in",
           "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
           "conversation_id": ids[conv] if conv is not None else mid,
           "in_reply_to": ids[conv] if conv is not None else None,
           "author": {"id": "u%d" % (abs(hash(h)) % 10**8) if False else "u-" + h.split('@')[0].split('.')[0], "handle": h, "name": name, "followers": fol, "verified": ver},
           "text": text, "lang": lang,
           "url": ("https://x.com/%s/status/%s" % (h, mid)) if net=="x" else ("https://%s/@%s/%s" % (h.split('@')[1], h.split('@')[0], mid) if net=="mastodon" else "https://bsky.app/profile/%s/post/3l%04dabc" % (h, i)),
           "metrics": {"reposts": i % 3, "replies": i % 2, "likes": (i*7) % 11, "quotes": 0}}
    out.append(rec)
with open("mentions.ndjson","w") as f:
    for r in out: f.write(json.dumps(r, ensure_ascii=False, separators=(",",":"))+"\n")
print(len(out))
