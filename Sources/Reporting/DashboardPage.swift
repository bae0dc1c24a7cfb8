/// The dashboard's page: self-contained HTML whose script polls `/data.json?since=N` once a second
/// and draws throughput, latency and connections/errors as SVG lines (no external resources), one
/// point per sample (a sample is a second; in a matrix, `t` restarts with each cell's round).
enum DashboardPage {
    static let html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>wsbench live</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#222}h1{font-size:20px;margin:0}
        #phase{color:#555}.row{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}
        .card{border:1px solid #ddd;border-radius:4px;padding:8px}.card h2{font-size:13px;margin:0 0 4px}
        table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 8px;text-align:right}
        .err{color:#cf222e;font-weight:600}svg{display:block}
        </style></head><body>
        <h1 id="title">wsbench live</h1><div id="phase">connecting…</div>
        <table id="now"><tr><th>elapsed s</th><th>msgs/s</th><th>wire MB/s</th><th>p50 µs</th><th>p99 µs</th><th>open</th><th>errors</th></tr>
        <tr><td id="t">–</td><td id="r">–</td><td id="b">–</td><td id="p50">–</td><td id="p99">–</td><td id="o">–</td><td id="e">–</td></tr></table>
        <div class="row">
        <div class="card"><h2>messages/s (each second)</h2><svg id="c1" width="460" height="180"></svg></div>
        <div class="card"><h2>latency so far: p50 (blue), p99 (red), µs</h2><svg id="c2" width="460" height="180"></svg></div>
        <div class="card"><h2>connections open (blue), errors so far (red)</h2><svg id="c3" width="460" height="180"></svg></div>
        </div>
        <script>
        (function(){
        var next=0,samples=[],done=false;
        function line(svg,series){
          var W=460,H=180,L=56,B=20,pts=samples.length;svg.innerHTML='';if(!pts)return;
          var max=1;series.forEach(function(s){samples.forEach(function(x){max=Math.max(max,x[s.k])})});
          var ns='http://www.w3.org/2000/svg';
          for(var i=0;i<=4;i++){var y=H-B-(H-B-8)*i/4;var g=document.createElementNS(ns,'line');g.setAttribute('x1',L);g.setAttribute('x2',W);g.setAttribute('y1',y);g.setAttribute('y2',y);g.setAttribute('stroke','#eee');svg.appendChild(g);
            var t=document.createElementNS(ns,'text');t.setAttribute('x',L-4);t.setAttribute('y',y+4);t.setAttribute('text-anchor','end');t.setAttribute('font-size','10');t.textContent=Math.round(max*i/4);svg.appendChild(t);}
          var n=Math.max(pts-1,1);
          series.forEach(function(s){var p=document.createElementNS(ns,'polyline');
            p.setAttribute('points',samples.map(function(x,i){return (L+(W-L-4)*i/n).toFixed(1)+','+(H-B-(H-B-8)*x[s.k]/max).toFixed(1)}).join(' '));
            p.setAttribute('fill','none');p.setAttribute('stroke',s.c);p.setAttribute('stroke-width','2');svg.appendChild(p);});
          var x=document.createElementNS(ns,'text');x.setAttribute('x',W-4);x.setAttribute('y',H-4);x.setAttribute('text-anchor','end');x.setAttribute('font-size','10');x.textContent=pts+' samples';svg.appendChild(x);
        }
        function show(d){
          document.getElementById('title').textContent='wsbench live: '+d.title;
          document.getElementById('phase').textContent=(d.finished?'finished: ':'')+d.phase;
          samples=samples.concat(d.samples);next=d.next;if(samples.length>3600)samples=samples.slice(-3600);
          var s=samples[samples.length-1];
          if(s){document.getElementById('t').textContent=s.t;document.getElementById('r').textContent=s.msgs_per_s;
            document.getElementById('b').textContent=s.wire_mb_per_s;document.getElementById('p50').textContent=s.p50_us;
            document.getElementById('p99').textContent=s.p99_us;document.getElementById('o').textContent=s.open;
            var e=document.getElementById('e');e.textContent=s.errors;e.className=s.errors>0?'err':'';}
          line(document.getElementById('c1'),[{k:'msgs_per_s',c:'#1f77b4'}]);
          line(document.getElementById('c2'),[{k:'p50_us',c:'#1f77b4'},{k:'p99_us',c:'#d62728'}]);
          line(document.getElementById('c3'),[{k:'open',c:'#1f77b4'},{k:'errors',c:'#d62728'}]);
          done=d.finished;
        }
        function poll(){
          fetch('/data.json?since='+next,{cache:'no-store'}).then(function(r){return r.json()}).then(function(d){show(d);if(!done)setTimeout(poll,1000)})
            .catch(function(){document.getElementById('phase').textContent='the run has ended (no answer from wsbench)';});
        }
        poll();
        })();
        </script></body></html>
        """
}
